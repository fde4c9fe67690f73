import { describe, expect, it } from 'vitest';
import { Analyser, describeGrouping } from './analyse';
import { clusterTexts } from './clusters';
import { seedItems } from './eval/seed-items';

describe('clusterTexts', () => {
  const texts = [
    'コミュニティバスの本数を増やしてください。',
    '空き家の除却をもっと早く進めてください。',
    'コミュニティバスの停留所を増やしてください。',
    '危険な空き家の除却に補助金を出してください。',
    'コミュニティバスの運賃を下げてください。',
  ].map((text, k) => ({ id: k + 1, text }));

  it('groups by what the texts say, labels by distinctive words, represents by the most central member', () => {
    const clusters = clusterTexts(texts);
    expect(clusters.map((c) => c.members)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(clusters[0]!.label).toContain('コミュニティバス');
    expect(clusters[1]!.label).toContain('空き家');
    expect(clusters[0]!.members).toContain(clusters[0]!.representative);
  });

  it('is deterministic whatever the input order', () => {
    expect(clusterTexts([...texts].reverse())).toEqual(clusterTexts(texts));
  });
});

describe('Analyser.analyseAll', () => {
  const analyser = new Analyser(seedItems());
  const campaign = 'コミュニティバスの利用者数の目標を引き下げないでください。バスは高齢者や学生の生活の足です。便数を維持し、利用者を増やす具体策を示してください。';
  const result = analyser.analyseAll([
    ...Array.from({ length: 30 }, (_, k) => ({ id: k + 1, text: k % 2 ? `お世話になります。${campaign}` : campaign, itemNumber: null })),
    { id: 31, text: '危険な空き家の除却の目標を増やしてください。近所の鈴木様の家が心配です。', itemNumber: null },
    { id: 32, text: 'ふるさと納税の寄付件数の目標は高すぎると思います。', itemNumber: 18 },
  ]);

  it('counts a campaign once with all its members, and each campaign member points at the group', () => {
    expect(result.campaigns).toEqual([{ group: 1, representative: 1, count: 30, members: Array.from({ length: 30 }, (_, k) => k + 1) }]);
    expect(result.opinions.filter((o) => o.campaignGroup === 1)).toHaveLength(30);
    expect(result.opinions.find((o) => o.id === 31)!.campaignGroup).toBeNull();
  });

  it('suggests items only for opinions without one, and clusters under the item', () => {
    const loose = result.opinions.find((o) => o.id === 31)!;
    expect(loose.suggestions[0]!.itemNumber).toBe(52);
    expect(loose.clusterKey).toBe('52:1');
    const filed = result.opinions.find((o) => o.id === 32)!;
    expect(filed.suggestions).toEqual([]);
    expect(filed.clusterKey).toBe('18:1');
    expect(result.clusters.find((c) => c.key === '47:1')?.count).toBe(30);
  });

  it('proposes redactions with offsets into the opinion text', () => {
    const pii = result.opinions.find((o) => o.id === 31)!.pii;
    expect(pii).toEqual([{ kind: 'name', start: 25, end: 27, text: '鈴木' }]);
  });

  it('describes the grouping in one line with its parameters', () => {
    const line = describeGrouping();
    expect(line).toContain('5文字');
    expect(line).toContain('40%');
    expect(line).not.toContain('\n');
  });
});
