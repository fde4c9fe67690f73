import { diffChars } from 'diff';

export type DiffSegment = { kind: 'equal' | 'insert' | 'delete'; text: string };

/**
 * An unchanged run this short between two changes is shown as part of the change:
 * 1,602 → 1,630 reads as [-02][+30], not [+3]0[-2].
 */
const MAX_ABSORBED_EQUAL = 1;

/**
 * A character-level diff of two texts. Japanese has no spaces between words, so words
 * cannot be the unit; characters are. Each run of changes comes out as at most one deletion
 * followed by at most one insertion.
 */
export function charDiff(before: string, after: string): DiffSegment[] {
  const changes = diffChars(before, after);
  const segments: DiffSegment[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) segments.push({ kind: 'delete', text: deleted });
    if (inserted) segments.push({ kind: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };

  changes.forEach((change, index) => {
    if (change.added) inserted += change.value;
    else if (change.removed) deleted += change.value;
    else if (
      (deleted || inserted) &&
      change.value.length <= MAX_ABSORBED_EQUAL &&
      index < changes.length - 1
    ) {
      deleted += change.value;
      inserted += change.value;
    } else {
      flush();
      if (change.value) segments.push({ kind: 'equal', text: change.value });
    }
  });
  flush();
  return segments;
}

/** The before side (equal and deleted text) and the after side (equal and inserted text). */
export function splitSides(segments: DiffSegment[]): { before: DiffSegment[]; after: DiffSegment[] } {
  return {
    before: segments.filter((s) => s.kind !== 'insert'),
    after: segments.filter((s) => s.kind !== 'delete'),
  };
}
