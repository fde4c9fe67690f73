import { LOCALES, type Locale } from '@/lib/i18n/locales';
import { z } from '@/lib/validation/zod';
import { charCount, staffText } from './text';

export const CASE_SUMMARY_MAX_CHARS = 1000;

/** The form field of a language's explanation: `summary-vi`. */
export const summaryField = (locale: Locale) => `summary-${locale}` as const;

const summary = staffText(true).refine((s) => charCount(s) <= CASE_SUMMARY_MAX_CHARS, { error: 'caseErrors.summaryTooLong' });

/** The case's explanations in every resident language (each optional), on its settings page. */
export const caseSummariesFormSchema = z.object({
  consultation: z.string(),
  ...(Object.fromEntries(LOCALES.map((l) => [summaryField(l), summary.optional().transform((s) => s ?? '')])) as unknown as Record<
    ReturnType<typeof summaryField>,
    z.ZodType<string>
  >),
});
