import { describe, expect, it } from 'vitest';
import { itemLabel, itemLabelIn, WHOLE_CASE } from './item-label';

describe('the item label', () => {
  it('names a 改訂箇所 by number and heading, and the whole case as 全体について', () => {
    expect(itemLabel(3, '数値目標')).toBe('No.3 数値目標');
    expect(itemLabel(null, null)).toBe('全体について');
    expect(WHOLE_CASE).toBe('全体について');
    expect(itemLabel(7, undefined)).toBe('No.7');
  });

  it('looks the heading up among the case items', () => {
    const items = [
      { number: 1, heading: '基本目標' },
      { number: 2, heading: '数値目標' },
    ];
    expect(itemLabelIn(items, 2)).toBe('No.2 数値目標');
    expect(itemLabelIn(items, null)).toBe('全体について');
    expect(itemLabelIn(items, 9)).toBe('No.9');
  });
});
