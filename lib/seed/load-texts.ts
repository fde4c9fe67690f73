import 'server-only';
import { seededRandom as random } from '@/lib/text/seeded-random';
/**
 * Opinion texts for seed:load, written to look like a real case's volume rather than to suit the
 * analysis: most opinions independently written (own vocabulary and length, 30–400 characters,
 * naming items by their content, a few in the residents' other languages), and a minority sent
 * as one of a handful of campaigns, each copy edited the way senders edit (a greeting, a
 * district, a personal sentence, a typo, sentences reordered, width and line breaks).
 *
 * Deterministic: the text of opinion (g, position) depends only on g, the position and the
 * items, so a load continued from `first` writes what one long load would have written. Nothing
 * here was taken from the evaluation set (lib/analysis/eval); its words are generic.
 */

/** What a generated opinion needs of a revision item: its number and the words residents would use for it. */
export type ItemTopic = { number: number; phrases: string[] };

export type GeneratedOpinion = { itemNumber: number | null; text: string; campaign: number | null };

/** Share of opinions sent as a campaign copy (the rest are written independently). */
export const CAMPAIGN_SHARE = 0.2;
/** Share of the independent opinions written in another language than Japanese. */
export const OTHER_LANGUAGE_SHARE = 0.03;


type Rng = () => number;
const pick = <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)]!;

/** Words for an item: runs of kanji, katakana or Latin letters from its heading and texts, the changed and rarer ones first. */
export function itemTopics(items: readonly { number: number; heading: string; beforeText: string; afterText: string }[]): ItemTopic[] {
  const generic = new Set(['目標値', '現状値', '令和', '年度', '前略', '中略', '後略', '累計', '数値目標', '主な取組', '注釈', '重要業績評価指標', '具体的な施策', '基本的方向']);
  const frequency = new Map<string, number>();
  const perItem = items.map((item) => {
    const words = new Set<string>();
    for (const text of [item.heading, item.afterText, item.beforeText]) {
      for (const match of text.normalize('NFKC').matchAll(/[\p{Script=Han}々ヶ]{2,10}|[\p{Script=Katakana}ー・]{3,14}|[A-Za-z][A-Za-z0-9.]{1,12}/gu)) {
        const word = match[0].replace(/^・|・$/gu, '');
        // Not fragments a resident would not write: numbering (第2期…), units (万人, 億円), a trailing 及/等.
        if (word.length < 2 || generic.has(word) || /^[第次期等]|[及等並]$|^(万人|億円|年間|年度以降|平成|人口)$/u.test(word)) continue;
        words.add(word);
      }
    }
    for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
    return { number: item.number, words: [...words] };
  });
  return perItem.map(({ number, words }) => ({
    number,
    phrases: words
      .sort((a, b) => (frequency.get(a) ?? 0) - (frequency.get(b) ?? 0) || b.length - a.length || a.localeCompare(b))
      .slice(0, 12),
  }));
}

// ---- independently written Japanese opinions: sentences assembled from parts -------------------

const TOWNS = ['今泉町', '曲輪町', '連取町', '宮子町', '境', '赤堀今井町', '東町', '波志江町', '上植木本町', '三和町', '茂呂町', '韮塚町', '長沼町', '香林町', '柴町', '堀口町', '田中島町', '豊城町', '八斗島町', '粕川町'];
const SELVES = ['会社員', '主婦', '高校生', '大学生', '自営業の者', '年金生活者', '二児の母', '三人の子の父', '介護職員', '農家', '教員', '看護師', '元市職員', 'パート勤務の者', '保育士', '小学生の保護者', '町内会の役員', '商店主', '七十代の者', '三十代の会社員'];
const OPENERS = [
  (r: Rng) => `${pick(r, TOWNS)}に住む${pick(r, SELVES)}です。`,
  (r: Rng) => `${pick(r, SELVES)}として意見を述べます。`,
  () => '素案を読みました。',
  () => '意見を申し上げます。',
  () => '改訂素案について感じたことを書きます。',
  (r: Rng) => `${pick(r, TOWNS)}在住です。`,
  () => '初めて意見を出します。',
  () => '気になった点が一つあります。',
  () => '市報で知りました。',
  () => '',
];
const CLOSINGS = ['', '', 'よろしくお願いします。', 'ご検討をお願いします。', '期待しています。', '以上です。', 'よろしく検討してください。', '前向きな回答を望みます。', '応援しています。', '長文失礼しました。', '市の考えを聞かせてください。', '引き続き見守ります。'];
// Parts of sentences; a sentence is several parts, each chosen independently, so two residents
// rarely write the same sentence (as in life, where no two letters share long runs of text).
const WHO = ['私', 'うちの家族', '近所の人', '友人', '職場の同僚', '母', '父', '子ども', '祖父', '隣の家の方', '地域のお年寄り', '若い人たち', '同じ町内の人', '妻', '夫', '娘', '息子', '知り合いの農家', '子育て中の友人', 'ママ友'];
const WHEN = ['先日', '去年', '毎朝', '週末に', '最近', '数年前', '夏休みに', '雨の日に', '夜遅く', '休日に', 'この春', '先月', '年末に', '平日の昼間', '朝の通勤時間に'];
const EXPERIENCE = [
  'を使おうとしたら予約がいっぱいだった', 'について窓口で聞いたが、よくわからなかった', 'のことで市役所に電話した', 'の説明会に行ったが資料が難しかった',
  'を知らずに損をした', 'のおかげでとても助かった', 'のために隣の市まで出かけた', 'を調べたが情報が見つからなかった', 'の話を聞いて不安になった',
  'に申し込んだが断られた', 'の案内をたまたま見つけた', 'を初めて利用した', 'について家族で話し合った', 'の担当の方に親切にしてもらった',
];
const FEEL = [
  '大事だ', '必要だ', '足りない', 'わかりにくい', '遅すぎる', '進んでいない', 'よい取組だ', '見直すべきだ', '慎重に考えてほしい', '効果が見えない',
  '市民の実感と合っていない', 'もっと力を入れてほしい', '後回しにしないでほしい', '本当に必要なのか疑問だ', '期待している', '評価できる', '現実的ではない',
];
const ENDING = ['と思います。', 'と感じます。', 'と考えます。', 'のではないでしょうか。', '。', 'と思う。', 'と強く思います。', 'と言わざるを得ません。', 'という声をよく聞きます。'];
const BECAUSE = [
  '子どもが減っている', '車がないと生活できない', '高齢の人が増えた', '若い人が市外へ出ていく', '共働きの家庭が多い', '費用がかかりすぎる',
  '情報が届いていない', '現場の人手が足りない', '夜道が暗い', '災害が心配だ', '駐車場が少ない', '外国から来た家族が増えた', '店が閉まっていく',
  '前の計画の成果が見えない', '近くの市ではうまくいっている', '施設が古くなった', '働く場所が少ない', '物価が上がっている',
];
const WHERE = ['うちの近所', '私の住む地区', '駅の周り', '市の東部', '市の南の方', '学校の近く', '団地', '田んぼの多い地域', '中心市街地', '国道沿い'];
const REQUEST_OBJ = ['具体的な計画', '年ごとの実績', '予算の内訳', '数字の根拠', '優先順位', '達成できなかった理由', 'スケジュール', '担当する部署', '他の市との比較', '今後の見通し', '費用と効果'];
const REQUEST_HOW = ['', '', 'もう少し詳しく', '具体的に', '早めに', 'わかりやすく', '数字で', 'きちんと', '丁寧に', '地区ごとに', '素案の中で', '次の改訂までに'];
const REQUEST_VERB = ['を示してください。', 'を公表してほしいです。', 'を明らかにしてください。', 'を説明してほしい。', 'を教えてください。', 'をはっきり書いてください。', 'を市民にわかるように示してほしい。'];
const ACTORS = ['市民', '事業者', '学校', '地域', '若い世代', '高齢者', '子育て世帯', '障害のある人', '外国人住民', '農家', '商店街'];
const NUMBERS = ['半分', '二倍', '三割', '一割程度', '十年前', 'ここ数年', '毎年', '月に一度', '五年間', '以前'];
const ADVERBS = ['', '', '', 'ぜひ', 'できれば', 'まずは', '今後は', '正直なところ', 'とにかく', '少なくとも', 'なるべく早く'];

function request(rng: Rng): string {
  const how = pick(rng, REQUEST_HOW);
  const object = pick(rng, REQUEST_OBJ);
  return rng() < 0.5 ? `${how ? `${how}、` : ''}${object}${pick(rng, REQUEST_VERB)}` : `${object}${pick(rng, ['も', 'を', 'について'])}${how}${pick(rng, REQUEST_VERB).replace(/^を/u, '')}`;
}

/** One sentence about a topic word, in one of many shapes. */
function sentence(rng: Rng, topic: string, other: string): string {
  const adverb = pick(rng, ADVERBS);
  switch (Math.floor(rng() * 12)) {
    case 0: return `${topic}は${pick(rng, FEEL)}${pick(rng, ENDING)}`;
    case 1: return `${pick(rng, BECAUSE)}ので、${adverb}${topic}は${pick(rng, FEEL)}${pick(rng, ENDING)}`;
    case 2: return `${adverb}${topic}について${request(rng)}`;
    case 3: return `${pick(rng, WHEN)}${pick(rng, WHO)}が${topic}${pick(rng, EXPERIENCE)}。`;
    case 4: return `${topic}と${other}は一緒に考えるべき${pick(rng, ENDING)}`;
    case 5: return `${other}より${topic}を優先して${pick(rng, ['ほしい。', 'ください。', 'もらえないでしょうか。', 'はどうですか。'])}`;
    case 6: return `${topic}の目標は${pick(rng, NUMBERS)}の実績から見て${pick(rng, ['高すぎる', '低すぎる', '妥当だ', '根拠が弱い', '甘い'])}${pick(rng, ENDING)}`;
    case 7: return `${pick(rng, WHERE)}では${pick(rng, BECAUSE)}。`;
    case 8: return `${topic}${pick(rng, ['が', 'は'])}${pick(rng, NUMBERS)}で${pick(rng, ['増えた', '減った', '変わらない', '半減した'])}と${pick(rng, WHO)}から聞きました。`;
    case 9: return `${pick(rng, WHERE)}の${pick(rng, ACTORS)}にとって${topic}は${pick(rng, FEEL)}${pick(rng, ENDING)}`;
    case 10: return `「${topic}」という言葉は${pick(rng, ['わかりません', '伝わりにくい', '人によって受け取り方が違う', '説明が必要です'])}。${request(rng)}`;
    default: return `${topic}に関しては${pick(rng, ACTORS)}の立場から${request(rng)}`;
  }
}

function japaneseOpinion(rng: Rng, topic: ItemTopic, all: readonly ItemTopic[]): string {
  const phrase = () => pick(rng, topic.phrases.length > 0 ? topic.phrases : ['この計画']);
  const otherTopic = pick(rng, all);
  const other = () => pick(rng, otherTopic.phrases.length > 0 ? otherTopic.phrases : ['ほかの施策']);
  // Length: most opinions short, some long letters (a skewed count of sentences).
  const sentences = 1 + Math.floor(rng() * rng() * 8);
  const parts: string[] = [];
  if (rng() < 0.3) parts.push(pick(rng, OPENERS)(rng));
  for (let k = 0; k < sentences; k++) parts.push(sentence(rng, phrase(), other()));
  if (rng() < 0.4) parts.push(pick(rng, CLOSINGS));
  let text = parts.join(rng() < 0.15 ? '\n' : '');
  while (text.length < 30) text += sentence(rng, phrase(), other());
  return fit(text);
}

/** At most 400 characters, cut after a sentence where one ends. */
function fit(text: string): string {
  if (text.length <= 400) return text;
  const cut = text.lastIndexOf('。', 399);
  return cut >= 30 ? text.slice(0, cut + 1) : text.slice(0, 400);
}

// ---- other languages ----------------------------------------------------------------------------

const FOREIGN_TOPICS: Record<string, readonly string[]> = {
  en: ['the community bus', 'childcare', 'the parks', 'disaster preparation', 'jobs for young people', 'the hospital at night', 'Japanese classes', 'empty houses'],
  vi: ['xe buýt cộng đồng', 'nhà trẻ', 'công viên', 'phòng chống thiên tai', 'việc làm', 'lớp học tiếng Nhật', 'bệnh viện', 'nhà bỏ trống'],
  pt: ['o ônibus comunitário', 'as creches', 'os parques', 'a prevenção de desastres', 'o emprego', 'as aulas de japonês', 'o hospital noturno'],
  es: ['el autobús comunitario', 'las guarderías', 'los parques', 'la prevención de desastres', 'el empleo', 'las clases de japonés', 'el hospital'],
  tl: ['ang community bus', 'ang daycare', 'ang mga parke', 'ang paghahanda sa sakuna', 'ang trabaho', 'ang klase sa Nihongo', 'ang ospital'],
  zh: ['社区巴士', '托儿所', '公园', '防灾', '就业', '日语课', '夜间医院'],
  ne: ['सामुदायिक बस', 'बाल स्याहार', 'पार्क', 'विपद् तयारी', 'रोजगारी', 'जापानी भाषा कक्षा', 'अस्पताल'],
};
const FOREIGN: Record<string, { open: readonly string[]; ask: readonly ((t: string) => string)[]; close: readonly string[] }> = {
  en: {
    open: ['I live in Isesaki with my family.', 'I have worked in Isesaki for five years.', 'Thank you for asking residents.', 'I am a student from abroad.', 'My children go to school here.', ''],
    ask: [(t) => `Please improve ${t}.`, (t) => `${t[0]!.toUpperCase()}${t.slice(1)} is hard to use for us.`, (t) => `We need information about ${t} in English.`, (t) => `I think ${t} is important for foreign families too.`, (t) => `Why is ${t} not in the plan?`, (t) => `My neighbours also worry about ${t}.`],
    close: ['Thank you.', 'Best regards.', '', 'Please consider it.'],
  },
  vi: {
    open: ['Tôi sống ở Isesaki.', 'Tôi là thực tập sinh.', 'Gia đình tôi sống ở đây ba năm.', ''],
    ask: [(t) => `Xin hãy cải thiện ${t}.`, (t) => `Chúng tôi cần thông tin về ${t} bằng tiếng Việt.`, (t) => `Gia đình tôi rất cần ${t}.`, (t) => `${t} còn khó sử dụng.`],
    close: ['Cảm ơn thành phố.', 'Xin cảm ơn.', ''],
  },
  pt: {
    open: ['Moro em Isesaki há dez anos.', 'Trabalho numa fábrica da cidade.', 'Sou mãe de dois filhos.', ''],
    ask: [(t) => `Por favor, melhorem ${t}.`, (t) => `Precisamos de informação sobre ${t} em português.`, (t) => `Acho que ${t} é muito importante para as famílias estrangeiras.`, (t) => `${t} ainda é difícil para nós.`],
    close: ['Obrigado.', 'Obrigada pela atenção.', ''],
  },
  es: {
    open: ['Vivo en Isesaki con mis hijos.', 'Trabajo en la ciudad desde hace años.', 'Soy del Perú y vivo aquí.', ''],
    ask: [(t) => `Por favor mejoren ${t}.`, (t) => `Necesitamos información sobre ${t} en español.`, (t) => `Creo que ${t} es muy importante para los vecinos.`, (t) => `No entiendo bien el plan sobre ${t}.`],
    close: ['Gracias.', 'Saludos.', ''],
  },
  tl: {
    open: ['Nakatira ako sa Isesaki.', 'Nagtatrabaho ako dito sa lungsod.', 'Salamat po sa pagtatanong.', ''],
    ask: [(t) => `Sana po ay mapabuti ${t}.`, (t) => `Kailangan namin ng impormasyon tungkol sa ${t}.`, (t) => `Mahalaga ${t} para sa mga pamilya.`, (t) => `Mahirap pa rin ${t} para sa amin.`],
    close: ['Salamat po.', ''],
  },
  zh: {
    open: ['我住在伊势崎市。', '我在这里工作了五年。', '我是留学生。', ''],
    ask: [(t) => `希望改善${t}。`, (t) => `希望提供关于${t}的中文信息。`, (t) => `我觉得${t}对外国家庭也很重要。`, (t) => `${t}的说明太难了，看不懂。`],
    close: ['谢谢。', '请考虑。', ''],
  },
  ne: {
    open: ['म इसेसाकीमा बस्छु।', 'म यहाँ काम गर्छु।', ''],
    ask: [(t) => `कृपया ${t} सुधार गर्नुहोस्।`, (t) => `${t} बारे नेपाली भाषामा जानकारी चाहिन्छ।`, (t) => `${t} हाम्रो परिवारको लागि धेरै महत्त्वपूर्ण छ।`],
    close: ['धन्यवाद।', ''],
  },
};

function foreignOpinion(rng: Rng): string {
  const language = pick(rng, Object.keys(FOREIGN));
  const topics = FOREIGN_TOPICS[language]!;
  const { open, ask, close } = FOREIGN[language]!;
  const parts = [pick(rng, open)];
  for (let k = 1 + Math.floor(rng() * 3); k > 0; k--) parts.push(pick(rng, ask)(pick(rng, topics)));
  parts.push(pick(rng, close));
  let text = parts.filter(Boolean).join(language === 'zh' ? '' : ' ');
  while (text.length < 30) text += (language === 'zh' ? '' : ' ') + pick(rng, ask)(pick(rng, topics));
  return fit(text);
}

// ---- campaigns ----------------------------------------------------------------------------------

/** A handful of campaigns, from large to small; each core is two to four sentences. */
const CAMPAIGN_CORES: readonly { weight: number; sentences: readonly string[] }[] = [
  { weight: 0.34, sentences: ['路線バスとコミュニティバスの便数を減らさないでください。', '車を運転できない高齢者や通学する学生にとって、バスは毎日の生活に欠かせません。', '利用者が減ったから減便するのではなく、使いやすい時刻表にして利用者を増やす工夫をしてください。'] },
  { weight: 0.24, sentences: ['市立の保育園を民間に任せる方針に反対します。', '保育の質は保育士が長く同じ園で働けることで保たれています。', '待機児童をなくす目標は、市が責任を持って保育士を確保することで達成してください。'] },
  { weight: 0.2, sentences: ['華蔵寺公園の遊園地に大型の新しい遊具を入れる計画は見直してください。', 'それより園内のトイレや日陰のベンチ、駐車場の整備を先に進めるべきです。', '小さな子どもから高齢者まで、誰もが安心して過ごせる公園にしてほしいと思います。', '入園者数の目標だけで事業を評価しないでください。'] },
  { weight: 0.14, sentences: ['中学生の海外派遣を再開し、参加できる人数を増やしてください。', '費用の補助を手厚くして、家庭の経済状況に関わらず応募できるようにしてほしいです。'] },
  { weight: 0.08, sentences: ['太陽光パネルの設置に市の補助金を出すときは、森林を切り開く事業を対象から外してください。', '脱炭素のために自然を壊すのは本末転倒です。', '屋根や駐車場への設置を優先する仕組みを求めます。'] },
];
const CAMPAIGN_GREETINGS = [
  (r: Rng) => `${pick(r, TOWNS)}に住む${pick(r, SELVES)}です。`,
  () => 'いつもお世話になっております。',
  () => '市長様',
  () => '拝啓　',
  () => 'こんにちは。',
  (r: Rng) => `${pick(r, TOWNS)}から意見を送ります。`,
];
const CAMPAIGN_PERSONAL = [
  '私の家族も同じ思いです。', '子どもたちの将来のためにお願いします。', '私自身も毎日このことで困っています。', '町内の仲間と話し合って送ります。',
  '去年も同じ意見を出しました。', 'どうか市民の声を聞いてください。', '祖母も同じことを言っています。', '署名活動にも参加しています。',
];
const CAMPAIGN_CLOSINGS = ['よろしくお願いいたします。', '敬具', '以上、よろしくお願いします。', 'ご検討ください。'];
const TO_FULL_WIDTH_DIGITS = (text: string) => text.replace(/[0-9]/gu, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function typo(rng: Rng, text: string): string {
  const at = 1 + Math.floor(rng() * (text.length - 2));
  switch (Math.floor(rng() * 3)) {
    case 0: return text.slice(0, at) + text.slice(at + 1); // a character dropped
    case 1: return text.slice(0, at) + text[at] + text.slice(at); // doubled
    default: return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2); // two swapped
  }
}

function campaignCopy(rng: Rng, campaign: number): string {
  const sentences = [...CAMPAIGN_CORES[campaign]!.sentences];
  if (rng() < 0.15 && sentences.length > 2) {
    const k = Math.floor(rng() * (sentences.length - 1));
    [sentences[k], sentences[k + 1]] = [sentences[k + 1]!, sentences[k]!];
  }
  if (rng() < 0.15 && sentences.length > 2) sentences.pop(); // a sender who left the last sentence out
  let core = sentences.join(rng() < 0.2 ? '\n' : '');
  if (rng() < 0.2) core = typo(rng, core);
  if (rng() < 0.1) core = TO_FULL_WIDTH_DIGITS(core).replace(/。/gu, '。 ');
  const parts = [rng() < 0.45 ? pick(rng, CAMPAIGN_GREETINGS)(rng) : '', core];
  if (rng() < 0.3) parts.push(pick(rng, CAMPAIGN_PERSONAL));
  if (rng() < 0.15) parts.splice(1, 0, pick(rng, CAMPAIGN_PERSONAL));
  if (rng() < 0.4) parts.push(pick(rng, CAMPAIGN_CLOSINGS));
  return fit(parts.join(''));
}

function campaignOf(u: number): number {
  let acc = 0;
  for (let k = 0; k < CAMPAIGN_CORES.length; k++) {
    acc += CAMPAIGN_CORES[k]!.weight;
    if (u < acc) return k;
  }
  return CAMPAIGN_CORES.length - 1;
}

/**
 * The opinion at `position` of submission `g`. A campaign copy is filed under no item (senders
 * write to the case); an independent opinion is filed under the item it talks about, except
 * about one in six (written to 全体について, on paper or by e-mail), which the analysis suggests.
 */
export function generateOpinion(g: number, position: number, topics: readonly ItemTopic[]): GeneratedOpinion {
  const rng = random(Math.imul(g, 2654435761) ^ Math.imul(position + 1, 0x9e3779b1));
  if (rng() < CAMPAIGN_SHARE) {
    const campaign = campaignOf(rng());
    return { itemNumber: null, text: campaignCopy(rng, campaign), campaign };
  }
  const topic = topics.length > 0 ? pick(rng, topics) : { number: 0, phrases: [] };
  const itemNumber = topics.length > 0 && rng() >= 1 / 6 ? topic.number : null;
  if (rng() < OTHER_LANGUAGE_SHARE) return { itemNumber: null, text: foreignOpinion(rng), campaign: null };
  return { itemNumber, text: japaneseOpinion(rng, topic, topics), campaign: null };
}
