'use server';

import { randomUUID } from 'node:crypto';
import { requestDb, requestHeaders } from '@/lib/auth/request-context';
import { failureMessage, fieldMessages } from '@/lib/submissions/messages';
import { IDEMPOTENCY_KEY_PATTERN, submitComment } from '@/lib/submissions/accept';
import { commentSchemaFor, getCommentFormContext } from '@/lib/submissions/form-context';
import { kickOutbox } from '@/lib/email/outbox-worker';
import { localeFromHeaders } from '@/lib/i18n/server';
import { commentTranslators } from '@/lib/i18n/translate';
import { describeErrorForLog } from '@/lib/log/redact';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { commentErrorKeys } from '@/lib/validation/comment';
import { commentValuesFromFormData, emptyCommentValues } from '@/lib/validation/comment-form-data';
import type { CommentFormState } from './comment-form-state';

/**
 * The comment form's one action, for every step: check the input (→ confirm), add or remove
 * an opinion field (without JavaScript), go back to edit, and send. Works as a plain form post
 * with JavaScript off; the browser calls it the same way with JavaScript on.
 */
export async function submitCommentAction(_previous: CommentFormState, formData: FormData): Promise<CommentFormState> {
  // The form's language is the URL's (the proxy puts it in a header): messages, the receipt and its mail.
  const locale = localeFromHeaders(await requestHeaders());
  const translateCommentErrors = commentTranslators(locale).commentErrors;
  // Anyone can call an action with arguments of their choosing; only a form's fields are ours.
  if (!(formData instanceof FormData)) {
    return { step: 'edit', values: emptyCommentValues(), errors: {}, message: translateCommentErrors('rejected') };
  }
  const slug = String(formData.get('slug') ?? '');
  const values = commentValuesFromFormData(formData);
  const intent = String(formData.get('intent') ?? 'confirm');

  if (intent === 'add') {
    return { step: 'edit', values: { ...values, opinions: [...values.opinions, { itemNumber: null, text: '' }] }, errors: {} };
  }
  if (intent.startsWith('remove:')) {
    const index = Number(intent.slice('remove:'.length));
    const opinions = values.opinions.filter((_, i) => i !== index);
    return { step: 'edit', values: { ...values, opinions: opinions.length ? opinions : [{ itemNumber: null, text: '' }] }, errors: {} };
  }
  if (intent === 'edit') return { step: 'edit', values, errors: {} };

  try {
    // Through the request context, so Vitest runs this very action on a test database.
    const db = await requestDb();
    const honeypot = String(formData.get('website') ?? '');
    if (intent === 'confirm') {
      const form = await getCommentFormContext(db, slug);
      if (!form) return { step: 'edit', values, errors: {}, message: translateCommentErrors('notFound') };
      if (honeypot) return { step: 'edit', values, errors: {}, message: translateCommentErrors('rejected') };
      const parsed = commentSchemaFor(form).safeParse(values);
      if (!parsed.success) return { step: 'edit', values, errors: fieldMessages(commentErrorKeys(parsed.error.issues), locale) };
      return { step: 'confirm', values, idempotencyKey: randomUUID() };
    }

    const idempotencyKey = String(formData.get('idempotencyKey') ?? '');
    if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) return { step: 'edit', values, errors: {}, message: translateCommentErrors('rejected') };
    const result = await submitComment(db, slug, values, {
      ipHash: hashIp(clientIp(await requestHeaders())),
      idempotencyKey,
      honeypot,
      locale,
    });
    if (result.ok) {
      if (result.replayed) return { step: 'replayed', receiptNumber: result.receipt.receiptNumber };
      kickOutbox();
      return { step: 'done', receipt: result.receipt };
    }
    return {
      step: 'edit',
      values,
      errors: result.error === 'validation' ? fieldMessages(result.fields, locale) : {},
      message: failureMessage(result, locale),
    };
  } catch (error) {
    console.error('comment form action failed', describeErrorForLog(error));
    const message = translateCommentErrors('server');
    // After a failed send the resident stays on the confirmation with the same key, so trying
    // again can never make a second submission.
    const key = String(formData.get('idempotencyKey') ?? '');
    if (intent === 'send' && IDEMPOTENCY_KEY_PATTERN.test(key)) return { step: 'confirm', values, idempotencyKey: key, message };
    return { step: 'edit', values, errors: {}, message };
  }
}
