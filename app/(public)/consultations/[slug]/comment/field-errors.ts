import type { CommentErrorKey } from '@/lib/validation/comment';

/** The element id of a form value's field: `opinions.0.text` → `field-opinions-0-text` (the error summary links to it). */
export const fieldId = (path: string) => `field-${path.replace(/\./g, '-')}`;

export function isCommentErrorKey(key: string): key is CommentErrorKey {
  return /^[a-zA-Z]+$/.test(key);
}

/** react-hook-form's nested errors as `path → message`. */
export function flattenErrors(errors: object, translate: (key: string) => string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof (value as { message?: unknown }).message === 'string' && (value as { message: string }).message) {
      out[path] = translate((value as { message: string }).message);
    }
    if (key !== 'ref') Object.assign(out, flattenErrors(value as object, translate, path));
  }
  delete out.ref;
  return Object.fromEntries(Object.entries(out).filter(([path]) => !path.endsWith('.ref') && !path.endsWith('.root')));
}
