import 'server-only';
import { processDb } from '@/db/client';
import { env } from '@/lib/env';
import { describeErrorForLog } from '@/lib/log/redact';
import { createSetupToken, SETUP_LINK_MAX_AGE_MS } from './first-admin';

/** The origin the setup link points at: AUTH_URL or APP_URL, else this server's own port. */
function setupOrigin(): string {
  const configured = env().AUTH_URL ?? env().APP_URL;
  if (configured) return new URL(configured).origin;
  const portFlag = process.argv.indexOf('-p');
  const port = (portFlag >= 0 ? process.argv[portFlag + 1] : undefined) ?? process.env.PORT ?? '3000';
  return `http://localhost:${port}`;
}

/**
 * At server start (instrumentation.ts): while the install has no admin, prints a one-time link
 * that lets the first person create one. Only the console of whoever started the server sees it.
 */
export async function announceSetupLink(): Promise<void> {
  try {
    const token = await createSetupToken(await processDb());
    if (!token) return;
    const url = new URL('/staff/sign-in/setup', setupOrigin());
    url.searchParams.set('token', token);
    console.log(
      [
        '',
        '================================================================',
        ' 初期設定: 管理者のアカウントがまだありません (no admin account yet).',
        ` Open this link once to create the first admin (valid for ${SETUP_LINK_MAX_AGE_MS / 60_000} minutes, single use):`,
        ` setup link: ${url.toString()}`,
        '================================================================',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error('setup link could not be prepared', describeErrorForLog(error));
  }
}
