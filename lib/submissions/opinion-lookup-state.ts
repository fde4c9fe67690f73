/**
 * What the 「意見の扱いを確かめる」 page shows after a lookup: only the asker's own opinions, by
 * the item they were recorded under and, once the result is published, the row that answers
 * each. No name, address, e-mail or text of anyone's comment is in it. Shared by the server
 * action and the client form (no server code here).
 */
export type LookupRow = {
  /** 結果の表の No. */
  no: number;
  itemNumber: number | null;
  heading: string | null;
  summaries: string[];
  response: string;
  categoryCode: string;
  categoryLabel: string;
};

export type LookupOpinion = {
  /** The opinion's number in the form (1, 2, …), and its part when staff split it. */
  number: number;
  part: number | null;
  /** 改訂箇所 No. the opinion is recorded under (staff may have moved it); null: 全体について. */
  itemNumber: number | null;
  heading: string | null;
  /** pending: no result yet; row: answered in this row; absent: not in the published table. */
  answer: { kind: 'pending' } | { kind: 'absent' } | { kind: 'row'; row: LookupRow };
};

export type LookupFound = {
  receiptNumber: string;
  receivedAt: string;
  /** The version of the published result the rows come from; null before publication. */
  resultVersion: number | null;
  opinions: LookupOpinion[];
};

export type LookupFieldError = 'receiptNumberRequired' | 'receiptNumberInvalid' | 'secretRequired' | 'secretTooLong';

export type LookupState =
  | { status: 'idle'; values: LookupValues }
  | { status: 'invalid'; values: LookupValues; errors: Partial<Record<'receiptNumber' | 'secret', LookupFieldError>> }
  /** Unknown number, another case's number, or a number whose e-mail / first line does not match: one answer for all. */
  | { status: 'notFound'; values: LookupValues }
  | { status: 'rateLimited'; values: LookupValues; retryAfterMinutes: number }
  | { status: 'error'; values: LookupValues }
  | { status: 'found'; values: LookupValues; found: LookupFound };

/** What the form shows back: the number as typed; the e-mail or first line never leaves the server again. */
export type LookupValues = { receiptNumber: string };

export const SECRET_MAX_LENGTH = 2000;
