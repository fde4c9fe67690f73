import 'server-only';
import { isIP } from 'node:net';
import { env } from '@/lib/env';

export type RelyingParty = { id: string; origin: string; name: string };

/**
 * The WebAuthn relying party, from the configured public origin (AUTH_URL, else APP_URL),
 * never from the request's Host or X-Forwarded-Host: a forged header must not make the server
 * accept an assertion made for another site. Null when no origin is configured or it is an IP
 * address, which WebAuthn does not accept as an RP ID (use a name, e.g. `localhost`).
 */
export function relyingParty(configured = env().AUTH_URL ?? env().APP_URL): RelyingParty | null {
  if (!configured) return null;
  const url = new URL(configured);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return null;
  return { id: hostname, origin: url.origin, name: '伊勢崎市 パブリックコメント' };
}
