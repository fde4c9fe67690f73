/**
 * Campaigns (同趣旨の意見) written by hand: each `group` is one template as a campaign would
 * circulate it, then the edits senders really make — a greeting or a district added, width and
 * line breaks changed, a typo, sentences reordered, one to three personal sentences around the
 * shared core. `solo-…` texts were written independently on the same topics as the campaigns
 * and must stay apart from them and from each other.
 */
export type LabelledCampaignText = { group: string; text: string; split: 'dev' | 'heldout' };

const bus = '私はコミュニティバスの利用者数の目標を35万人から29万人に引き下げる改訂に反対します。高齢者や学生にとってバスは生活に欠かせない足であり、目標を下げれば路線や便数の削減につながるおそれがあります。目標値は元の水準に戻し、利用者を増やすための具体策を示してください。';
const esports = 'eスポーツの推進に市の予算を使うことに反対します。ゲームへの依存が子どもの学習や健康に悪影響を与えることが心配です。その予算は子育て支援や教育の充実に回すべきです。';
const hospital = '総合戦略の中で「伊勢崎市民病院の医療体制の充実」が「地域医療体制の充実」に書き換えられました。市民病院の役割を後退させるものと受け止めざるを得ません。市民病院の医療体制の充実という文言を元に戻すことを求めます。';
const overseas = '中学生の海外語学研修を廃止しないでください。実際に海外で生活し現地の人と話す経験は、国内の体験活動では代えられません。グローバル体験という曖昧な表現ではなく、海外語学研修を継続することを明記してください。';
const tourism = '年間観光入込客数の目標を390万人から365万人に下げるのは後ろ向きです。';
const satellite = 'サテライトオフィス誘致にあたっては、市内の空き店舗や空き家を活用し、中心市街地のにぎわいづくりと一体で進めることを要望します。誘致した企業には地元の若者の採用を働きかけてください。';
const youth = '年少人口を数値目標にするのであれば、第2子以降の保育料の無償化や給食費の無償化など、子育て世帯の経済的負担を軽くする施策を戦略に明記してください。';

const c = (group: string, text: string, split: 'dev' | 'heldout' = 'dev'): LabelledCampaignText => ({ group, text, split });

export const CAMPAIGN_TEXTS: readonly LabelledCampaignText[] = [
  c('bus', bus),
  c('bus', `いつもお世話になっております。\n${bus}\nよろしくお願いいたします。`),
  c('bus', `私は連取町に住む70代の者です。${bus}`),
  c('bus', bus.replace('。', '。\n\n').replace(/、/g, '，')),
  c('bus', bus.replace('生活に欠かせない', '生活に書かせない')),
  c('bus', '目標値は元の水準に戻し、利用者を増やすための具体策を示してください。私はコミュニティバスの利用者数の目標を35万人から29万人に引き下げる改訂に反対します。高齢者や学生にとってバスは生活に欠かせない足であり、目標を下げれば路線や便数の削減につながるおそれがあります。'),
  c('bus', `${bus}私は毎週バスで病院に通っています。運転免許を返納したので、バスがなくなったら通院できません。`),
  c('bus', `孫の送り迎えにもバスを使っています。${bus}どうか利用者の声を聞いてください。`, 'heldout'),
  c('bus', bus.normalize('NFKC').replace(/35/g, '３５').replace(/29/g, '２９').replace(/ /g, '　'), 'heldout'),

  c('esports', esports),
  c('esports', `${esports}\n以上です。`),
  c('esports', '子どもの学習や健康に、ゲームへの依存が悪影響を与えることが心配です。eスポーツの推進に市の予算を使うことに反対します。その予算は子育て支援や教育の充実に回すべきです。'),
  c('esports', `中学生の息子がいます。${esports}塾に行かずゲームばかりしている友達が多く、親として不安です。`),
  c('esports', 'eスポーツの推進に市の予算を使うことに反対します。ゲームへの依存が子どもの学習や健康に悪影響を与えることが心配です。その予算は子育て支援や教育の充実に回すべきだ。', 'heldout'),

  c('hospital', hospital),
  c('hospital', `伊勢崎市民病院をいつも利用している者です。${hospital}`),
  c('hospital', hospital.replace('受け止めざるを得ません', '受け止めざるを得ない')),
  c('hospital', `拝啓\n${hospital}\n敬具`),
  c('hospital', `${hospital}夫が心臓の手術を受けたのも市民病院でした。救急を受け入れてくれる病院が身近にあることが安心につながっています。市民病院を守ってください。`, 'heldout'),

  c('overseas', overseas),
  c('overseas', `${overseas}娘は研修でオーストラリアに行き、英語を学ぶ意欲が大きく変わりました。`),
  c('overseas', overseas.replace('代えられません', '変えられません')),
  c('overseas', 'グローバル体験という曖昧な表現ではなく、海外語学研修を継続することを明記してください。中学生の海外語学研修を廃止しないでください。実際に海外で生活し現地の人と話す経験は、国内の体験活動では代えられません。', 'heldout'),

  c('tourism', tourism),
  c('tourism', `${tourism}\nよろしくお願いします。`),
  c('tourism', `宮子町在住の会社員です。${tourism}`),
  c('tourism', '年間観光入込客数の目標を３９０万人から３６５万人に下げるのは後ろ向きです', 'heldout'),

  c('satellite', satellite),
  c('satellite', `私は中心市街地で商店を営んでいます。シャッターを閉めた店が年々増えています。${satellite}`),
  c('satellite', satellite.replace('働きかけてください', '働き掛けてください')),
  c('satellite', `${satellite}駅前の空き店舗は家賃も安く、すぐに使えるものが多いです。`, 'heldout'),

  c('youth', youth),
  c('youth', `${youth}物価が上がり、子どもをもう一人持つことをためらう家庭が周りにも多いです。`),
  c('youth', `お忙しいところ失礼いたします。\n${youth}`),
  c('youth', youth.replace('第2子以降の保育料の無償化や給食費の無償化など', '給食費の無償化や第2子以降の保育料の無償化など'), 'heldout'),

  // Written independently on the same topics: the same subject, different words.
  c('solo-bus-1', 'コミュニティバスの目標が下がっていますが、本数が少ないから乗らないのであって、便を増やせば利用者は戻ると思います。'),
  c('solo-bus-2', 'バスの利用者の目標を29万人にするのは現実的だと思います。コロナ後の実績から少しずつ増やす方が誠実です。'),
  c('solo-bus-3', '私はコミュニティバスの利用者数の目標値の引き下げには賛成できません。路線の見直しで便利にすれば35万人も達成できるはずです。'),
  c('solo-bus-4', '高齢者にとってバスは大切な移動手段なので、利用者が少ないからと目標を下げるのではなく、乗りやすいダイヤにしてください。', 'heldout'),
  c('solo-esports-1', 'eスポーツは今や立派な競技なので、市が推進することに賛成です。若者が集まるきっかけになります。'),
  c('solo-esports-2', 'eスポーツの推進に予算を使うのであれば、どのくらいの効果があったかを毎年報告してください。'),
  c('solo-esports-3', 'ゲーム依存が心配なので、eスポーツを進めるなら保護者向けの講座も一緒に開いてほしいです。', 'heldout'),
  c('solo-hospital-1', '市民病院の医療体制を充実させるという書き方をやめた理由を教えてください。'),
  c('solo-hospital-2', '地域医療体制の充実に書き換えたのは、診療所と病院の役割分担を進めるという意味で妥当だと思います。'),
  c('solo-hospital-3', '伊勢崎市民病院の救急がいつも混んでいます。医療体制の充実を具体的に進めてください。', 'heldout'),
  c('solo-overseas-1', '海外語学研修は一部の生徒しか参加できなかったので、全員が参加できるグローバル体験に変えるのは良いと思います。'),
  c('solo-overseas-2', '中学生の海外研修がなくなるのは残念です。せめてオンラインで海外の学校と交流する機会を作ってください。', 'heldout'),
  c('solo-tourism-1', '観光客の目標を下げるより、華蔵寺公園や境の町並みを生かして観光客を増やす努力をしてほしい。'),
  c('solo-tourism-2', '年間観光入込客数の目標を365万人にするのは、現状に合わせた妥当な数字だと思います。'),
  c('solo-satellite-1', 'サテライトオフィスを誘致しても、本社が東京にある企業は地元の雇用を増やさないと思います。'),
  c('solo-satellite-2', '空き店舗を使ってサテライトオフィスを誘致するのは良い考えです。ただし通信環境の整備が先です。', 'heldout'),
  c('solo-youth-1', '年少人口を目標にするなら、給食費の無償化を検討してください。'),
  c('solo-youth-2', '保育料の負担が重いので、子育て世帯への経済的な支援を増やしてほしいです。', 'heldout'),
];
