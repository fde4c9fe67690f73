import { describe, expect, it } from 'vitest';
import { documentShingles, groupNearDuplicates, NearDuplicateIndex } from './near-duplicates';

const core =
  '中学生の海外語学研修を廃止しないでください。実際に海外で生活し現地の人と話す経験は、国内の体験活動では代えられません。グローバル体験という曖昧な表現ではなく、海外語学研修を継続することを明記してください。';

function sameGroup(a: string, b: string, ignored?: Set<number>): boolean {
  const groups = groupNearDuplicates([{ id: 1, text: a }, { id: 2, text: b }], { ignored });
  return groups.get(1)!.group === groups.get(2)!.group;
}

describe('near-duplicate grouping: same core', () => {
  it.each([
    ['a greeting added', `いつもお世話になっております。${core}よろしくお願いします。`],
    ['a district added', `波志江町に住む主婦です。${core}`],
    ['width and line breaks', core.replace(/。/g, '。\n').replace(/、/g, '，')],
    ['a typo', core.replace('代えられません', '変えられません')],
    ['sentences reordered', core.split('。').filter(Boolean).reverse().join('。') + '。'],
    ['three personal sentences around the core', `娘は研修でオーストラリアに行きました。${core}英語を学ぶ意欲が大きく変わりました。親として本当に感謝しています。`],
  ])('%s', (_, variant) => {
    expect(sameGroup(core, variant)).toBe(true);
  });

  it('two members with different personal sentences still meet', () => {
    const a = `息子が来年中学生になります。${core}`;
    const b = `${core}私自身も高校のときに留学して人生が変わりました。`;
    expect(sameGroup(a, b)).toBe(true);
  });
});

describe('near-duplicate grouping: same topic only', () => {
  it.each([
    '中学生の海外研修がなくなるのは残念です。せめてオンラインで海外の学校と交流する機会を作ってください。',
    '海外語学研修は一部の生徒しか参加できなかったので、全員が参加できるグローバル体験に変えるのは良いと思います。',
    '国際的な視野を育てるには実際に海外に行く体験が一番なので、海外派遣は続けてほしいです。',
  ])('%s', (other) => {
    expect(sameGroup(core, other)).toBe(false);
  });

  it('sharing a quotation of the document proves nothing', () => {
    const quote =
      '効果的で効率的なコミュニティバスの運行により、利便性の向上を図るとともに、コミュニティバス、路線バス、鉄道の相互の結節性の向上やデジタル技術を活用した交通利便性の向上に取り組み、公共交通ネットワークを整備します';
    const a = `「${quote}」という方針に賛成です。`;
    const b = `「${quote}」とありますが、抽象的すぎます。`;
    expect(sameGroup(a, b)).toBe(true);
    expect(sameGroup(a, b, documentShingles([quote]))).toBe(false);
  });

  it('short identical texts are one group; short different ones are not', () => {
    expect(sameGroup('反対です。', 'いつもお世話になっております。反対です。')).toBe(true);
    expect(sameGroup('反対です。', '賛成です。')).toBe(false);
  });
});

describe('NearDuplicateIndex', () => {
  it('a campaign of 30 near-copies is one group whose id is its first member', () => {
    const texts = Array.from({ length: 30 }, (_, k) => ({ id: 100 + k, text: k % 3 === 0 ? `お世話になっております。${core}` : k % 3 === 1 ? core : `${core}以上です。` }));
    const groups = groupNearDuplicates(texts);
    expect(new Set([...groups.values()].map((d) => d.group))).toEqual(new Set([100]));
  });

  it('restored decisions make a new copy join the stored group', () => {
    const index = new NearDuplicateIndex();
    index.restore(7, 7, core);
    index.restore(9, 7, `${core}以上です。`);
    expect(index.add(20, `拝啓　${core.replace('明記', '明示')}`).group).toBe(7);
    expect(index.add(21, '空き家の除却をもっと早く進めてください。').group).toBe(21);
  });
});
