// Without zod, so the comment form's first script can use them: the form loads zod (through
// ./comment) only when it first validates.

/** Longest opinion, in characters as a person counts them (code points, a line break is one). */
export const OPINION_MAX_CHARS = 2000;
/** More opinions than items (plus 全体について) in one letter is not a person writing. */
export const OPINIONS_MAX = 100;

/** Length as a person counts it: code points (an emoji is one, a line break is one). */
export const charCount = (s: string) => [...s].length;
