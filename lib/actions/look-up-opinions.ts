'use server';

import { requestDb, requestHeaders } from '@/lib/auth/request-context';
import { describeErrorForLog } from '@/lib/log/redact';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { lookUpOpinions } from '@/lib/submissions/opinion-lookup';
import { SECRET_MAX_LENGTH, type LookupState } from '@/lib/submissions/opinion-lookup-state';
import { parseReceiptNumber } from '@/lib/submissions/receipt-number-check';
import { isSlug } from '@/lib/validation/slug';

/**
 * The 「意見の扱いを確かめる」 form's action. The form checks the receipt number's check character
 * in the browser; this checks it again (JavaScript off, or a hand-made post) before counting or
 * reading anything. The slug travels in a hidden field (a bound action hangs a post without
 * JavaScript: vercel/next.js#57867).
 */
export async function lookUpOpinionsAction(_previous: LookupState, formData: FormData): Promise<LookupState> {
  if (!(formData instanceof FormData)) return { status: 'notFound', values: { receiptNumber: '' } };
  const slug = String(formData.get('slug') ?? '');
  const typed = String(formData.get('receiptNumber') ?? '').slice(0, 100);
  const secret = String(formData.get('secret') ?? '');
  const values = { receiptNumber: typed };
  const receiptNumber = parseReceiptNumber(typed);
  const errors: Extract<LookupState, { status: 'invalid' }>['errors'] = {};
  if (!typed.trim()) errors.receiptNumber = 'receiptNumberRequired';
  else if (!receiptNumber) errors.receiptNumber = 'receiptNumberInvalid';
  if (!secret.trim()) errors.secret = 'secretRequired';
  else if (secret.length > SECRET_MAX_LENGTH) errors.secret = 'secretTooLong';
  if (errors.receiptNumber || errors.secret) return { status: 'invalid', values, errors };
  if (!isSlug(slug)) return { status: 'notFound', values };
  try {
    const outcome = await lookUpOpinions(await requestDb(), { slug, receiptNumber: receiptNumber!, secret, ipHash: hashIp(clientIp(await requestHeaders())) });
    if (outcome.ok) return { status: 'found', values: { receiptNumber: outcome.found.receiptNumber }, found: outcome.found };
    if (outcome.error === 'rateLimited') return { status: 'rateLimited', values, retryAfterMinutes: Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60)) };
    return { status: 'notFound', values };
  } catch (error) {
    // Never the input: the secret is personal data.
    console.error('opinion lookup failed', describeErrorForLog(error));
    return { status: 'error', values };
  }
}
