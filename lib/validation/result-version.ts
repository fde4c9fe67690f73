/** `?version=N` of the public result: a positive integer, anything else means the latest. */
export function parseResultVersion(value: string | string[] | null | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^[1-9]\d{0,5}$/.test(raw)) return undefined;
  return Number(raw);
}

/** Rows of the result table on one page of the public result (the CSV and XLSX hold them all). */
export const RESULT_ROWS_PER_PAGE = 200;

/** `?page=N` of the public result's table: a positive integer, anything else means the first. */
export function parseResultPage(value: string | string[] | null | undefined): number {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
}
