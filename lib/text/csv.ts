/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or line break.
 * `guardFormulas` prefixes text that a spreadsheet would run as a formula (`=HYPERLINK(…)` typed
 * by a resident) with an apostrophe, which Excel shows as text; numbers are left as they are.
 */
export function toCsv(rows: readonly (readonly (string | number | null)[])[], { bom = true, guardFormulas = false } = {}): string {
  const field = (value: string | number | null) => {
    let s = value === null ? '' : String(value);
    if (guardFormulas && typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (bom ? '\uFEFF' : '') + rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV (a leading BOM is dropped; LF and CR also end a row): exports read back, uploaded tables. */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      // CRLF as RFC 4180 says, but LF or CR alone as other tools write them.
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && input[i + 1] === '\n') i++;
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
