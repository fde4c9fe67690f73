import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import type { Adapter } from 'next-auth/adapters';
import Nodemailer from 'next-auth/providers/nodemailer';
import { headers } from 'next/headers';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { recordAudit } from '@/lib/data/audit';
import { findActiveStaffByEmail } from '@/lib/data/staff-accounts';
import { env } from '@/lib/env';
import { clientIp, hashIp } from '@/lib/security/ip-hash';
import { SIGN_IN_LINK_MAX_AGE_SECONDS } from './sign-in-mail';
import { isSecureRequest } from '@/lib/security/https';
import { requestDb } from './request-context';
import { hashSessionToken, SESSION_ABSOLUTE_SECONDS } from './session';

/**
 * Auth.js, configured per request: nothing here runs at import, so `next build` opens no
 * database. Sessions are rows in `sessions` (revocable), not JWTs.
 *
 * The session row's `expires` is the absolute end (8 hours); the 30-minute idle timeout is
 * enforced by staffFromSessionToken through `last_seen_at`, because a server component cannot
 * refresh a cookie, so a sliding cookie expiry would sign people out mid-work.
 */
async function authConfig(request: Request | undefined): Promise<NextAuthConfig> {
  const db = await requestDb();
  const requestHeaders = request?.headers ?? new Headers(await headers());
  const ipHash = hashIp(clientIp(requestHeaders));
  return {
    adapter: withHashedSessionTokens(DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens })),
    secret: env().AUTH_SECRET,
    useSecureCookies: isSecureRequest(requestHeaders),
    session: { strategy: 'database', maxAge: SESSION_ABSOLUTE_SECONDS, updateAge: SESSION_ABSOLUTE_SECONDS },
    pages: { signIn: '/staff/sign-in', error: '/staff/sign-in/failed', verifyRequest: '/staff/sign-in/check-mail' },
    providers: [
      // Only its callback is used: links are issued by issueSignInLink (lib/auth/sign-in-mail.ts)
      // after the reply, with the token hashed under this same secret; Auth.js's sign-in
      // endpoint is not reachable (app/api/auth/[...nextauth]/route.ts).
      Nodemailer({
        server: 'smtp://unused.invalid',
        secret: env().AUTH_SECRET,
        maxAge: SIGN_IN_LINK_MAX_AGE_SECONDS,
        sendVerificationRequest: () => {
          throw new Error('sign-in links are issued by issueSignInLink');
        },
      }),
    ],
    callbacks: {
      // Asked when the link is used (issueSignInLink asked when it was requested): only active staff pass.
      async signIn({ user }) {
        return Boolean(user.email && (await findActiveStaffByEmail(db, user.email)));
      },
      async redirect({ url, baseUrl }) {
        if (url.startsWith('/staff')) return `${baseUrl}${url}`;
        if (url.startsWith(`${baseUrl}/staff`)) return url;
        return `${baseUrl}/staff`;
      },
    },
    events: {
      async signIn({ user }) {
        await recordAudit(db, { actorId: user.id ?? null, action: 'auth.sign_in_completed', targetType: 'user', targetId: user.id, ipHash });
      },
    },
    logger: {
      // Auth.js logs failed links as errors with the request's details; keep addresses out of logs.
      error(error) {
        console.error(`auth: ${(error as { type?: string }).type ?? error.name}`);
      },
      warn(code) {
        console.warn(`auth warning: ${code}`);
      },
      debug() {},
    },
  };
}

/**
 * Session rows hold a hash of the cookie's token (hashSessionToken), never the token: the
 * adapter's session methods hash on the way in, and hand Auth.js the token it made, so the
 * cookie carries the token and lib/auth/session.ts looks up its hash.
 */
function withHashedSessionTokens(adapter: Adapter): Adapter {
  return {
    ...adapter,
    async createSession(session) {
      const created = await adapter.createSession!({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      return { ...created, sessionToken: session.sessionToken };
    },
    async getSessionAndUser(sessionToken) {
      const found = await adapter.getSessionAndUser!(hashSessionToken(sessionToken));
      return found && { ...found, session: { ...found.session, sessionToken } };
    },
    async updateSession(session) {
      const updated = await adapter.updateSession!({ ...session, sessionToken: hashSessionToken(session.sessionToken) });
      return updated && { ...updated, sessionToken: session.sessionToken };
    },
    async deleteSession(sessionToken) {
      await adapter.deleteSession!(hashSessionToken(sessionToken));
    },
  };
}

export const { handlers } = NextAuth(authConfig);
