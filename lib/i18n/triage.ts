import { createTranslator } from 'next-intl';
import messages from '@/messages/ja.json';

/** Japanese labels of the triage data (exports) outside React, from the pages' catalog. */
export const translateTriage = createTranslator({ locale: 'ja', messages, namespace: 'triage' });
export const translateTriageExport = createTranslator({ locale: 'ja', messages, namespace: 'triageExport' });
