import { z } from '@/lib/validation/zod';
import { parseReceiptNumber } from '@/lib/submissions/receipt-number';
import { charCount, staffText } from './text';

// Messages are keys into messages/ja.json (namespace retention), shown next to the field.

/** A case's 保存期間: empty means the city's default; otherwise whole days, 0 to 100 years. */
export const retentionFormSchema = z.object({
  consultation: z.string().max(64),
  version: z.coerce.number().int().min(0),
  retentionDays: z
    .string()
    .transform((s) => s.normalize('NFKC').trim())
    .refine((s) => s === '' || /^\d{1,5}$/.test(s), 'retention.daysInvalid')
    .transform((s) => (s === '' ? null : Number(s)))
    .refine((n) => n === null || n <= 36500, 'retention.daysInvalid'),
});

export const receiptNumberField = z
  .string()
  .max(40, 'retention.receiptInvalid')
  .transform((s) => parseReceiptNumber(s))
  .refine((s): s is string => s !== null, 'retention.receiptInvalid');

export const erasureRequestSchema = z.object({
  receiptNumber: receiptNumberField,
  reason: staffText(true)
    .refine((s) => s.length > 0, 'retention.reasonRequired')
    .refine((s) => charCount(s) <= 500, 'retention.reasonTooLong'),
});

export const erasureDecisionSchema = z.object({
  requestId: z.coerce.number().int().positive(),
  decision: z.enum(['approve', 'reject']),
});
