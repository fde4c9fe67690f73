import { checkCoverage, codePoints, MARKER_LINE, piecesFromMarkedText } from '@/lib/data/triage/coverage';

/**
 * The split form's text, edited by hand (a `---` line where the opinion is cut) or by the
 * editor's buttons (a cut at the cursor, a boundary moved to the next word). Both end in the
 * same marked text, which the server reads with piecesFromMarkedText: one path for JS on and
 * off. Offsets here are string (UTF-16) indexes into the original, as a textarea's selection
 * is; the server counts code points on its own.
 */

const MARKER = '---';

/** A cut just before a line break moves after it: the break ends the earlier piece, as `---` on its own line means. */
export function normalizeCut(original: string, at: number): number {
  return original[at] === '\n' ? at + 1 : at;
}

/** The marked text for cuts (increasing string offsets strictly inside the original). */
export function markedFromCuts(original: string, cuts: readonly number[]): string {
  const bounds = [0, ...cuts, original.length];
  const pieces = bounds.slice(1).map((end, i) => original.slice(bounds[i], end));
  return pieces.reduce((marked, piece) => `${marked}${marked.endsWith('\n') ? '' : '\n'}${MARKER}\n${piece}`);
}

/** The cuts a marked text makes, when its pieces are exactly the original; otherwise null. */
export function cutsFromMarked(original: string, marked: string): number[] | null {
  const pieces = piecesFromMarkedText(original, marked);
  if (!checkCoverage(original, pieces).ok) return null;
  const cuts: number[] = [];
  let at = 0;
  for (const piece of pieces.slice(0, -1)) cuts.push((at += piece.length));
  return cuts;
}

/**
 * The original's offset at a caret in a marked text whose pieces cover the original: the
 * lines between marker lines are the pieces, character for character, in order.
 */
export function offsetAtCaret(original: string, marked: string, caret: number): number {
  const pieces = piecesFromMarkedText(original, marked);
  let markedAt = 0;
  let originalAt = 0;
  const lines = marked.split('\n');
  let piece = 0;
  let inPiece = 0;
  for (const [i, line] of lines.entries()) {
    const lineEnd = markedAt + line.length;
    if (MARKER_LINE.test(line)) {
      if (caret <= lineEnd) return originalAt;
      piece++;
      inPiece = 0;
    } else {
      if (caret <= lineEnd) return Math.min(originalAt + (caret - markedAt), original.length);
      // The line break after this line belongs to the piece when the piece has it there.
      const hasBreak = i < lines.length - 1 && (pieces[piece]?.[inPiece + line.length] ?? '') === '\n';
      const advance = line.length + (hasBreak ? 1 : 0);
      originalAt += advance;
      inPiece += advance;
    }
    markedAt = lineEnd + 1;
  }
  return original.length;
}

/** Where words begin and end in the original (Intl.Segmenter), the places a boundary can move to. */
export function wordBoundaries(original: string, locale = 'ja'): number[] {
  const bounds = new Set<number>([0, original.length]);
  for (const { index, segment } of new Intl.Segmenter(locale, { granularity: 'word' }).segment(original)) {
    bounds.add(index);
    bounds.add(index + segment.length);
  }
  return [...bounds].sort((a, b) => a - b);
}

/**
 * A place in the text as a person finds it: the words just before it (up to 12 characters of
 * the same line), or the start. Staff read 「…遊具を増やしてください。」の後, not 23文字目.
 * `at` counts code points, as the coverage check does.
 */
export function textBefore(original: string, at: number): string {
  const before = codePoints(original).slice(0, at).join('');
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const chars = codePoints(line);
  return chars.length > 12 ? `…${chars.slice(-12).join('')}` : chars.join('');
}
