/**
 * Splitting keeps every character of the original exactly once. Offsets count code points
 * (what PostgreSQL's substring and char_length count), so a kanji outside the BMP (𠮷) is one
 * character, never half of one.
 */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  return codePoints(text).length;
}

export type CoverageProblem =
  /** Characters of the original that no piece holds. */
  | { kind: 'missing'; at: number; text: string }
  /** Characters in the pieces that are not in the original at that place. */
  | { kind: 'extra'; at: number; text: string };

export type CoverageResult =
  | { ok: true; cuts: number[] }
  | { ok: false; problems: CoverageProblem[] };

/**
 * Checks that `pieces`, concatenated, are exactly `original`: then returns the cut offsets
 * between them. Otherwise returns what was left out and what was added, located by a
 * longest-common-prefix/suffix comparison (enough to show staff where the text differs).
 * An empty piece is refused: an opinion holds at least one character.
 */
export function checkCoverage(original: string, pieces: readonly string[]): CoverageResult {
  const source = codePoints(original);
  const joined = codePoints(pieces.join(''));
  if (pieces.length === 0 || pieces.some((p) => p.length === 0)) {
    return { ok: false, problems: [{ kind: 'missing', at: 0, text: pieces.length === 0 ? original : '' }] };
  }
  if (source.length === joined.length && source.every((c, i) => c === joined[i])) {
    const cuts: number[] = [];
    let at = 0;
    for (const piece of pieces.slice(0, -1)) {
      at += codePointLength(piece);
      cuts.push(at);
    }
    return { ok: true, cuts };
  }
  let prefix = 0;
  while (prefix < source.length && prefix < joined.length && source[prefix] === joined[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < source.length - prefix &&
    suffix < joined.length - prefix &&
    source[source.length - 1 - suffix] === joined[joined.length - 1 - suffix]
  ) {
    suffix++;
  }
  const problems: CoverageProblem[] = [];
  const missing = source.slice(prefix, source.length - suffix).join('');
  const extra = joined.slice(prefix, joined.length - suffix).join('');
  if (missing) problems.push({ kind: 'missing', at: prefix, text: missing });
  if (extra) problems.push({ kind: 'extra', at: prefix, text: extra });
  return { ok: false, problems };
}

/** The pieces a list of cut offsets makes of `text` (cuts strictly increasing, inside the text). */
export function piecesAt(text: string, cuts: readonly number[]): string[] | null {
  const chars = codePoints(text);
  const bounds = [0, ...cuts, chars.length];
  for (let i = 1; i < bounds.length; i++) if (!(bounds[i]! > bounds[i - 1]!)) return null;
  return bounds.slice(1).map((end, i) => chars.slice(bounds[i], end).join(''));
}

/** A line holding only `---` (half- or full-width hyphens or long-vowel marks). */
export const MARKER_LINE = /^[-\uFF0D\u30FC\u2015]{3}$/u;

/**
 * The pieces staff mean when they put a marker line (`---`) where the text is to be cut.
 * Typing the marker usually adds a line break before and after it; each such break is kept
 * in a piece only where the original has one at that place, so cutting in the middle of a
 * line and cutting between two lines both cover the original exactly.
 */
export function piecesFromMarkedText(original: string, marked: string): string[] {
  const lines = marked.replace(/\r\n?/g, '\n').split('\n');
  const raw: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (MARKER_LINE.test(line)) {
      raw.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  raw.push(current.join('\n'));
  // A marker line sits between two line breaks; the one before it ended the previous line.
  const segments = raw.map((segment, i) => (i < raw.length - 1 ? `${segment}\n` : segment));
  const source = original.replace(/\r\n?/g, '\n');
  const pieces: string[] = [];
  let at = 0;
  segments.forEach((segment, i) => {
    const candidates = [segment];
    if (i < segments.length - 1 && segment.endsWith('\n')) candidates.push(segment.slice(0, -1));
    const match = candidates.find((c) => source.startsWith(c, at) && (i < segments.length - 1 || at + c.length === source.length));
    const piece = match ?? candidates[candidates.length - 1]!;
    pieces.push(piece);
    at += piece.length;
  });
  return pieces;
}
