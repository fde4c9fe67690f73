import { createTranslator } from 'next-intl';
import messages from '@/messages/ja.json';

/**
 * Japanese text outside React (HTTP API errors, mail bodies), from the same catalog the pages
 * use.
 */
export const translateCommentErrors = createTranslator({ locale: 'ja', messages, namespace: 'commentErrors' });
export const translateComment = createTranslator({ locale: 'ja', messages, namespace: 'comment' });
export const translateSignInMail = createTranslator({ locale: 'ja', messages, namespace: 'signInMail' });
