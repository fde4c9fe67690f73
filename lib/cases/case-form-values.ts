import type { Consultation } from '@/db/schema';
import { DEFAULT_COMMENT_FORM_SETTINGS } from '@/db/schema/comment-form-settings';
import { blocksToEditableText } from './text-blocks';

/** What the case form shows: the stored case, or the defaults of a new one. */
export function caseFormValues(row: Consultation | null, suggestedSlug: string) {
  const settings = row?.formSettings ?? DEFAULT_COMMENT_FORM_SETTINGS;
  return {
    title: row?.title ?? '',
    slug: row?.slug ?? suggestedSlug,
    departmentId: row ? String(row.departmentId) : '',
    overview: row ? blocksToEditableText(row.overview) : '',
    postalAddress: row?.channels.postalAddress ?? '',
    fax: row?.channels.fax ?? '',
    email: row?.channels.email ?? '',
    counter: row?.channels.counter ?? '',
    howToSubmit: row?.howToSubmit ?? '',
    contact: row?.contact ?? '',
    categories: settings.categories.join('\n'),
    requireName: settings.required.name,
    requireAddress: settings.required.address,
    requireCategory: settings.required.category,
    requireEmail: settings.required.email,
  };
}
