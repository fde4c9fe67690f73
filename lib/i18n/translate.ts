import { createTranslator } from 'next-intl';
import messages from '@/messages/ja.json';
import { LOCALES, type Locale } from './locales';
import { messagesFor } from './messages';

/**
 * Text outside React (HTTP API errors, mail bodies), from the same catalogs the pages use. The
 * API and staff mail are Japanese; the comment form's messages and the receipt mail are in
 * the language of the form.
 */
export const translateCommentErrors = createTranslator({ locale: 'ja', messages, namespace: 'commentErrors' });
export const translateComment = createTranslator({ locale: 'ja', messages, namespace: 'comment' });
export const translateSignInMail = createTranslator({ locale: 'ja', messages, namespace: 'signInMail' });

function translatorsFor(locale: Locale) {
  const catalog = messagesFor(locale);
  return {
    comment: createTranslator({ locale, messages: catalog, namespace: 'comment' }),
    commentErrors: createTranslator({ locale, messages: catalog, namespace: 'commentErrors' }),
  };
}

const TRANSLATORS = Object.fromEntries(LOCALES.map((locale) => [locale, translatorsFor(locale)])) as Record<Locale, ReturnType<typeof translatorsFor>>;

/** The comment form's texts (receipt, mail, errors) in one of the resident languages. */
export function commentTranslators(locale: Locale): ReturnType<typeof translatorsFor> {
  return TRANSLATORS[locale];
}
