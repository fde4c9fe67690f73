import { describe, expect, it } from 'vitest';
import { suggestClusters } from './suggestions';

describe('suggestClusters', () => {
  it('groups texts that differ only in width, spaces and punctuation, with their count', () => {
    const clusters = suggestClusters([
      { id: 1, text: '駅前の駐輪場を増やしてください。' },
      { id: 2, text: '駅前の駐輪場を 増やしてください' },
      { id: 3, text: '「駅前の駐輪場」を、増やしてください！' },
      { id: 4, text: '図書館の開館時間を延ばしてほしい。' },
    ]);
    expect(clusters).toEqual([{ opinionIds: [1, 2, 3], kind: 'same', count: 3 }]);
  });

  it('joins nearly the same texts as similar, and leaves different ones alone', () => {
    const clusters = suggestClusters([
      { id: 10, text: 'ＫＰＩの目標値の根拠を示してください。' },
      { id: 11, text: 'KPIの目標値の根拠を示して下さい' },
      { id: 12, text: 'KPIの目標値の根拠を示してください' },
      { id: 13, text: '公共交通の充実をお願いします' },
      { id: 14, text: '' },
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ opinionIds: [10, 11, 12], kind: 'similar', count: 3 });
  });

  it('returns nothing when every text is different', () => {
    expect(suggestClusters([{ id: 1, text: '賛成です' }, { id: 2, text: '反対です。理由は財源です' }])).toEqual([]);
  });
});
