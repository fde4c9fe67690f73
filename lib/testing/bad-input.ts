import type { TextProblem } from '@/lib/validation/text';

/**
 * The bad-input corpus: what attackers, broken clients and unlucky copy-and-paste send. Used by
 * the Vitest integration test (lib/bad-input.test.ts, through the API handler and the form's
 * server action on both drivers) and the browser spec (e2e/bad-input.spec.ts).
 *
 * Each payload says what the policy (lib/validation/text.ts) makes of it, written out here
 * rather than computed with the code under test:
 * - `accept`: stored, as `stored` (the NFC/LF form) or else exactly as sent;
 * - a TextProblem: refused with that field message;
 * - `empty`: counts as empty (required field: the "please enter" message);
 * - `tooLong`: over the field's length.
 * `opinion` is the multi-line opinion text (≤ 2,000 characters), `name` the one-line name
 * (≤ 100 characters).
 */
export type Outcome = 'accept' | 'empty' | 'tooLong' | TextProblem;

export type TextPayload = {
  id: string;
  value: string;
  opinion: Outcome;
  name: Outcome;
  /** What is stored when accepted, if not the value itself. */
  stored?: string;
  /** What a name or address stores, if not `stored` (one-line fields are trimmed). */
  storedName?: string;
  /** Markup that would run script if it were ever interpreted as HTML. */
  xss?: boolean;
};

/** Script that sets this flag proves execution; the browser spec asserts it stays unset. */
export const XSS_FLAG = '__xss';
const run = `window.${XSS_FLAG}=1`;

const xss = (id: string, value: string): TextPayload => ({ id, value, opinion: 'accept', name: value.length > 100 ? 'tooLong' : 'accept', xss: true });
const text = (id: string, value: string, outcome: Outcome, extra: Partial<TextPayload> = {}): TextPayload => ({
  id,
  value,
  opinion: outcome,
  name: outcome,
  ...extra,
});

export const TEXT_PAYLOADS: readonly TextPayload[] = [
  // Markup and script: legitimate text in a comment, never markup on any page.
  xss('script tag', `<script>${run}</script>`),
  xss('img onerror', `<img src=x onerror="${run}">`),
  xss('svg onload', `<svg onload="${run}"></svg>`),
  xss('svg script', `<svg><script>${run}</script></svg>`),
  xss('attribute breakout "', `"><img src=x onerror=${run}>`),
  xss("attribute breakout '", `'><svg/onload=${run}>`),
  xss('javascript: link', `<a href="javascript:${run}">リンク</a>`),
  xss('javascript: URL alone', `javascript:${run}`),
  xss('iframe srcdoc', `<iframe srcdoc="<script>parent.${run}</script>"></iframe>`),
  xss('details ontoggle', `<details open ontoggle="${run}">x</details>`),
  xss('style url', `<style>body{background:url("javascript:${run}")}</style>`),
  xss('body onload', `<body onload="${run}">`),
  xss('closing textarea', `</textarea><script>${run}</script>`),
  xss('closing title', `</title><script>${run}</script>`),
  xss('HTML entities', `&lt;script&gt;${run}&lt;/script&gt; &#60;img src=x onerror=${run}&#62; &amp;`),
  xss('template {{ }}', `{{constructor.constructor('${run}')()}}`),
  xss('template ${}', '${7*7} #{7*7} <%= 7*7 %> {{7*7}}'),
  xss('ICU message syntax', '{count, plural, one {#} other {# 件}} {name}'),
  xss('markdown link', `[クリック](javascript:${run})`),
  xss('markdown image', `![x](x" onerror="${run})`),
  xss('JSON breakout', `"};${run};//`),
  xss('React dangerouslySetInnerHTML key', '{"__html":"<img src=x onerror=window.__xss=1>"}'),
  // SQL and LIKE: plain text to a parameterised query.
  text('SQL drop table', "'; DROP TABLE submissions;--", 'accept'),
  text('SQL or 1=1', "' OR '1'='1", 'accept'),
  text('SQL sleep', '1; SELECT pg_sleep(10)--', 'accept'),
  text('SQL comment and quote', "\\'; --", 'accept'),
  text('LIKE wildcards', '100%_達成\\率', 'accept'),
  text('LIKE only', '%', 'accept'),
  text('path traversal', '../../../etc/passwd', 'accept'),
  // Spreadsheet formulas: text in our CSV/XLSX, which the exports must keep as text.
  text('formula', '=HYPERLINK("http://evil.example","詳細")', 'accept'),
  text('DDE formula', "=cmd|' /C calc'!A0", 'accept'),
  // Direction controls: refused everywhere (they reorder what staff read).
  text('RLO U+202E', '伊勢崎市\u202Etxt.exe', 'bidiControls'),
  text('LRE U+202A', '\u202A伊勢崎', 'bidiControls'),
  text('RLE U+202B', '\u202B伊勢崎', 'bidiControls'),
  text('PDF U+202C', '伊勢崎\u202C', 'bidiControls'),
  text('LRO U+202D', '\u202D伊勢崎', 'bidiControls'),
  text('LRI U+2066', '\u2066伊勢崎\u2069', 'bidiControls'),
  text('RLI U+2067', '\u2067伊勢崎', 'bidiControls'),
  text('FSI U+2068', '\u2068伊勢崎', 'bidiControls'),
  text('PDI U+2069', '伊勢崎\u2069', 'bidiControls'),
  text('LRM/RLM marks', '伊勢崎\u200E市\u200F', 'accept', { storedName: '伊勢崎\u200E市' }),
  text('Arabic and Latin', 'مرحبا hello', 'accept'),
  // Invisible characters: alone they are nothing; mixed in they are kept.
  text('zero-width space alone', '\u200B', 'empty'),
  text('BOM alone', '\uFEFF', 'empty'),
  text('invisible mix alone', '\u200B\u200C\u200D\u2060\uFEFF \u3000', 'empty'),
  text('Hangul filler alone', '\u3164', 'empty'),
  text('zero-width space inside', '伊勢\u200B崎', 'accept'),
  text('BOM inside', '伊勢\uFEFF崎', 'accept'),
  text('emoji with joiners', '👨‍👩‍👧 子育て', 'accept'),
  text('variation selector', '辻\u{E0100} 太郎', 'accept'),
  // Control characters.
  text('NUL', '意見\u0000です', 'controlCharacters'),
  text('NUL alone', '\u0000', 'controlCharacters'),
  text('SOH', 'a\u0001b', 'controlCharacters'),
  text('BEL', 'a\u0007b', 'controlCharacters'),
  text('backspace', 'abc\u0008\u0008', 'controlCharacters'),
  text('ANSI escape', '\u001b[2J\u001b[31m赤', 'controlCharacters'),
  text('vertical tab', 'a\u000bb', 'controlCharacters'),
  text('form feed', 'a\u000cb', 'controlCharacters'),
  text('DEL', 'a\u007fb', 'controlCharacters'),
  text('C1 NEL', 'a\u0085b', 'controlCharacters', { name: 'lineBreaks' }),
  text('C1 CSI', 'a\u009bb', 'controlCharacters'),
  text('tab', '項目\t意見', 'accept', { name: 'lineBreaks' }),
  text('CRLF', '一行目\r\n二行目\r三行目', 'accept', { name: 'lineBreaks', stored: '一行目\n二行目\n三行目' }),
  text('header injection', 'x\r\nBcc: evil@example.jp', 'accept', { name: 'lineBreaks', stored: 'x\nBcc: evil@example.jp' }),
  // Broken UTF-16 and noncharacters.
  text('lone high surrogate', 'a\uD800b', 'invalidCharacters'),
  text('lone low surrogate', 'a\uDFFFb', 'invalidCharacters'),
  text('half an emoji', '\uD83D', 'invalidCharacters'),
  text('noncharacter U+FFFF', 'a\uFFFFb', 'invalidCharacters'),
  text('noncharacter U+FDD0', 'a\uFDD0b', 'invalidCharacters'),
  text('replacement character', '文字化け\uFFFD', 'invalidCharacters'),
  // Width and normalisation.
  text('full-width', 'ＡＢＣ１２３＜ｓｃｒｉｐｔ＞', 'accept'),
  text('half-width katakana', 'ｲｾｻｷｼ ｶﾞ', 'accept'),
  text('NFD kana', 'か\u3099き\u3099', 'accept', { stored: 'がぎ' }),
  text('NFD latin', 'Cafe\u0301', 'accept', { stored: 'Café' }),
  text('CJK compatibility ideograph', '\uFA19社', 'accept'),
  text('words that look like values', 'null undefined NaN true [object Object]', 'accept'),
  // Length.
  text('2,000 characters', 'あ'.repeat(2000), 'accept', { name: 'tooLong' }),
  text('2,000 emoji (4,000 UTF-16 units)', '😀'.repeat(2000), 'accept', { name: 'tooLong' }),
  text('2,001 characters', 'あ'.repeat(2001), 'tooLong'),
  text('50,000 characters', 'x'.repeat(50_000), 'tooLong'),
];

/** E-mail field: optional, NFKC, ASCII address. */
export const EMAIL_PAYLOADS: readonly { id: string; value: string; outcome: Outcome | 'invalid'; stored?: string }[] = [
  { id: 'full-width address', value: 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', outcome: 'accept', stored: 'taro@example.jp' },
  { id: 'spaces around', value: '  taro@example.jp\u200B ', outcome: 'accept', stored: 'taro@example.jp' },
  { id: 'zero-width only', value: '\u200B', outcome: 'empty' },
  { id: 'script in address', value: '"><script>window.__xss=1</script>@example.jp', outcome: 'invalid' },
  { id: 'header injection', value: 'taro@example.jp\r\nBcc: evil@example.jp', outcome: 'lineBreaks' },
  { id: 'RLO', value: 'taro@example.jp\u202E', outcome: 'bidiControls' },
  { id: 'NUL', value: 'taro@example.jp\u0000', outcome: 'controlCharacters' },
  { id: 'SQL', value: "' OR '1'='1@example.jp", outcome: 'invalid' },
  { id: 'over 254', value: `${'a'.repeat(250)}@example.jp`, outcome: 'invalid' },
];

/**
 * Raw path segments and query values, as they travel in a URL (percent-encoded): malformed
 * escapes, overlong UTF-8, an encoded NUL and surrogate, traversal and markup.
 */
export const URL_PAYLOADS: readonly string[] = [
  '%00',
  'a%00b',
  '%FF',
  '%C0%AF',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%25',
  '%0D%0ASet-Cookie:%20x=1',
  // (An encoded `%2e%2e` is not here: URL parsers resolve it as `..` before it is sent.)
  '..%2F..%2Fetc%2Fpasswd',
  '%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E',
  "'%20OR%20'1'%3D'1",
  '%E2%80%AE',
  '%EF%BB%BF',
  '-1',
  '1e309',
  '99999999999999999999',
  '0x10',
  'a'.repeat(2000),
];

/** Raw request bodies that are not UTF-8 (for APIs and form posts). */
export const MALFORMED_UTF8: readonly { id: string; bytes: Buffer }[] = [
  { id: 'lone 0xFF', bytes: Buffer.from([0xff]) },
  { id: 'overlong slash', bytes: Buffer.from([0xc0, 0xaf]) },
  { id: 'encoded surrogate', bytes: Buffer.from([0xed, 0xa0, 0x80]) },
  { id: 'truncated sequence', bytes: Buffer.from([0xe3, 0x81]) },
  { id: 'Shift_JIS', bytes: Buffer.from([0x88, 0xc9, 0x90, 0xa8, 0x8d, 0xe8]) },
];

/** A body of `bytes` bytes of JSON-looking text (no newline). */
export function bigBody(bytes: number): string {
  const head = '{"submitter":{"name":"';
  const tail = '"}}';
  return head + 'a'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

/** JSON nested `depth` levels deep: `[[[…]]]`. */
export function deepJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}
