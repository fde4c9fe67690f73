import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Staff accounts, sessions and sign-in tokens, in the shape @auth/drizzle-adapter expects
 * (plus our own columns). Residents never have a row here: there is no self-registration.
 */
export const users = pgTable(
  'users',
  {
    id: text()
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    name: text(),
    /** Always stored lower-case (Auth.js normalises the address it is given the same way). */
    email: text().notNull(),
    emailVerified: timestamp({ withTimezone: true, mode: 'date' }),
    image: text(),
    role: text().$type<'admin' | 'reviewer'>().notNull(),
    /** Set when an admin disables the account: it can no longer sign in, its sessions are gone. */
    disabledAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_role_check', sql`${t.role} in ('admin', 'reviewer')`),
    check('users_email_lower_check', sql`${t.email} = lower(${t.email})`),
  ],
);


/** Required by the adapter's interface; the e-mail provider does not write to it. */
export const accounts = pgTable(
  'accounts',
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    provider: text().notNull(),
    providerAccountId: text().notNull(),
    refresh_token: text(),
    access_token: text(),
    expires_at: integer(),
    token_type: text(),
    scope: text(),
    id_token: text(),
    session_state: text(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable(
  'sessions',
  {
    sessionToken: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expires: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    /** For the absolute lifetime (8 hours), however often the session is used. */
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** For the idle timeout (30 minutes). */
    lastSeenAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** When this session proved a passkey or a recovery code (null: not yet; lib/auth/passkeys/policy.ts). */
    secondFactorAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const verificationTokens = pgTable(
  'verification_tokens',
  {
    identifier: text().notNull(),
    /** A hash of the token in the link, never the token itself (Auth.js hashes it with the secret). */
    token: text().notNull(),
    expires: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);
