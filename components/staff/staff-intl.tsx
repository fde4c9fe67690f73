import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';

/** The staff forms' messages, for client components under the staff area only. */
export async function StaffIntl({ children }: { children: ReactNode }) {
  const messages = await getMessages();
  const picked = Object.fromEntries(
    ['staffCommon', 'staffErrors', 'staffSignIn', 'staffPasskey', 'staffShell', 'staffUsers', 'errors', 'commentErrors', 'triage', 'triageErrors', 'analysis', 'triageCategories', 'triagePaper', 'staffSetup', 'retention', 'caseAdmin', 'caseErrors', 'revisionTable', 'item', 'staffTemplates'].map((ns) => [ns, messages[ns]]),
  );
  return <NextIntlClientProvider messages={picked}>{children}</NextIntlClientProvider>;
}
