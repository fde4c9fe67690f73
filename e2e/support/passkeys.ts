import type { Page } from '@playwright/test';
import type postgres from 'postgres';

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain) for this page: a platform passkey
 * (CTAP2, internal transport, resident keys) that verifies the user and answers at once.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ credentialCount: () => Promise<number> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { credentialCount: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length };
}

/** A passkey row for a user without a real key behind it (enough for a session to owe its check). */
export async function insertPlaceholderPasskey(sql: postgres.Sql, userId: string): Promise<void> {
  await sql`insert into staff_passkeys (id, user_id, public_key, device_type, backed_up) values (${`placeholder-${userId}`}, ${userId}, 'AA', 'singleDevice', false)`;
}
