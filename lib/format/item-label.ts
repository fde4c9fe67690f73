/** What an opinion on the case as a whole, not on one 改訂箇所, is about. */
export const WHOLE_CASE = '全体について';

/**
 * The one way an opinion's target is named in Japanese — staff pages, exports, staff mail:
 * "No.3 数値目標" for 改訂箇所 No.3, 全体について for the case as a whole. Resident pages say the
 * same in the reader's language through their messages (`itemLabel`, `whole`).
 */
export function itemLabel(itemNumber: number | null, heading: string | null | undefined): string {
  if (itemNumber === null) return WHOLE_CASE;
  return heading ? `No.${itemNumber} ${heading}` : `No.${itemNumber}`;
}

/** The label of item `itemNumber` of a case, its heading looked up among `items`. */
export function itemLabelIn(items: readonly { number: number; heading: string }[], itemNumber: number | null): string {
  return itemLabel(itemNumber, itemNumber === null ? null : items.find((i) => i.number === itemNumber)?.heading);
}
