import { OPINIONS_MAX } from './comment-limits';

/** The form's values as the resident typed them (before the schema trims and checks). */
export type CommentFormValues = {
  submitter: { name: string; address: string; category: string; email: string };
  opinions: { itemNumber: number | null; text: string }[];
  consent: boolean;
};

export function emptyCommentValues(itemNumber: number | null = null): CommentFormValues {
  return {
    submitter: { name: '', address: '', category: '', email: '' },
    opinions: [{ itemNumber, text: '' }],
    consent: false,
  };
}

/** The select's value for an item: '' is 全体について. */
export function itemNumberFromField(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value === '') return null;
  return /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * Reads the form's fields (`submitter.name`, `opinions.3.text`, …) into the shape of the API
 * body, so the same schema checks both. Used by the server action; the browser builds the
 * same fields.
 */
export function commentValuesFromFormData(formData: FormData): CommentFormValues {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value : '';
  };
  const indexes = new Set<number>();
  for (const key of formData.keys()) {
    const match = /^opinions\.(\d{1,3})\.(text|itemNumber)$/.exec(key);
    if (match && Number(match[1]) < OPINIONS_MAX + 1) indexes.add(Number(match[1]));
  }
  return {
    submitter: {
      name: text('submitter.name'),
      address: text('submitter.address'),
      category: text('submitter.category'),
      email: text('submitter.email'),
    },
    opinions: [...indexes]
      .sort((a, b) => a - b)
      .map((i) => ({ itemNumber: itemNumberFromField(text(`opinions.${i}.itemNumber`)), text: text(`opinions.${i}.text`) })),
    consent: formData.get('consent') === 'on' || formData.get('consent') === 'true',
  };
}
