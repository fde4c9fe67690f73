import { z } from '@/lib/validation/zod';

/**
 * The text rule for everything a person types into this system (residents' comments, names,
 * addresses and e-mail; staff's paper entries, summaries, responses and notes). One rule, so
 * what the form accepts is exactly what is stored, shown to staff and published.
 *
 * Refused (each with its own message, tied to the field):
 * - `controlCharacters`: C0 controls other than tab and line breaks (NUL included: PostgreSQL
 *   `text` cannot hold it), DEL and the C1 controls U+0080–U+009F.
 * - `bidiControls`: the direction embeddings, overrides and isolates U+202A–U+202E and
 *   U+2066–U+2069. They reorder what is displayed ("U+202E" makes `txt.exe` read `exe.txt`),
 *   so staff would read something other than what was sent. Refused rather than stripped: a
 *   silent change to a person's text would be worse than asking them to retype it.
 *   (LRM/RLM U+200E/U+200F only mark direction and cannot reorder: allowed.)
 * - `invalidCharacters`: lone surrogates (broken UTF-16, e.g. half an emoji), Unicode
 *   noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF in every plane) and U+FFFD, the mark a
 *   decoder leaves for malformed bytes: storing it would keep a text other than the one written.
 * - `lineBreaks`: line breaks and tabs inside one-line fields (name, address, e-mail, labels);
 *   at either end they are trimmed like spaces (a paste from a spreadsheet often ends in one).
 *
 * Accepted text is stored as: line breaks CRLF and CR turned into LF, then normalised to NFC
 * (a か followed by a combining ゛ becomes が, as typed on most keyboards) — except CJK
 * compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F), which NFC would replace with
 * another code point (神 U+FA19 → 神 U+795E), changing how a name is written; they are kept as
 * typed. Variation selectors (異体字セレクタ) are kept. One-line fields are trimmed of spaces and
 * zero-width characters at both ends; multi-line text keeps its spaces (staff split it by
 * offsets and must see it exactly as sent). Text made only of spaces and invisible characters
 * (zero-width space, BOM, joiners, variation selectors…) counts as empty.
 * E-mail addresses are normalised with NFKC instead (full-width ｔａｒｏ＠… typed with an IME
 * becomes taro@…), then checked as ASCII addresses.
 */
export type TextProblem = 'controlCharacters' | 'bidiControls' | 'invalidCharacters' | 'lineBreaks';

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029\u0085]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const BROKEN = /[\p{Cs}\p{Noncharacter_Code_Point}\uFFFD]/u;
const CJK_COMPATIBILITY = /([\uF900-\uFAFF\u{2F800}-\u{2FA1F}])/u;
/**
 * Spaces, tab, line breaks and zero-width characters: trimmed from one-line fields. (Unicode's
 * White_Space without the controls VT, FF and NEL, which stay refused wherever they are.)
 */
const EDGE_INVISIBLE = /^[\t\n\r \u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]+|[\t\n\r \u00A0\u1680\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]+$/g;
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}]/u;

/** The first rule a text breaks, or null. One-line fields also refuse line breaks and tabs. */
export function textProblem(text: string, { multiline }: { multiline: boolean }): TextProblem | null {
  if (BROKEN.test(text)) return 'invalidCharacters';
  if (!multiline && LINE_BREAK_OR_TAB.test(text)) return 'lineBreaks';
  if (CONTROL.test(text)) return 'controlCharacters';
  if (BIDI.test(text)) return 'bidiControls';
  return null;
}

/** LF line breaks and NFC, keeping CJK compatibility ideographs as typed. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(CJK_COMPATIBILITY)
    .map((part, i) => (i % 2 === 1 ? part : part.normalize('NFC')))
    .join('');
}

/** Trims spaces and zero-width characters from both ends (one-line fields). */
export function trimInvisible(text: string): string {
  return text.replace(EDGE_INVISIBLE, '');
}

/** Whether anything would show: text of spaces and invisible characters only is empty. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * A zod string that follows the rule: refuses with `message(problem)` (a key of the caller's
 * message catalog), then normalises (and trims one-line text); text with nothing visible
 * becomes ''. Whether empty is allowed, and the length, are the caller's checks on the result.
 */
export function ruledText<K extends string>(options: { multiline: boolean; invalid: K; message: (problem: TextProblem) => K }) {
  return z
    .string({ error: options.invalid })
    .superRefine((s, ctx) => {
      // One-line fields are trimmed first: a tab or line break pasted at the end is dropped.
      const problem = textProblem(options.multiline ? s : trimInvisible(s), options);
      if (problem) ctx.addIssue({ code: 'custom', message: options.message(problem), continue: false });
    })
    .transform((s) => {
      const normalized = options.multiline ? normalizeText(s) : trimInvisible(normalizeText(s));
      return hasVisibleText(normalized) ? normalized : '';
    });
}

/**
 * The same for staff forms (paper entry uses commentSchema itself): messages are full keys of
 * the commentErrors catalog, and text is trimmed at both ends also when it has several lines.
 */
export const staffText = (multiline: boolean) =>
  ruledText({ multiline, invalid: 'commentErrors.invalid', message: (problem) => `commentErrors.${problem}` }).transform(trimInvisible);

export { charCount } from './comment-limits';
