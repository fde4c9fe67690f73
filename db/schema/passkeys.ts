import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';

/**
 * Staff passkeys (WebAuthn credentials), the second factor after the mailed link. Only the
 * public key is kept; the private key never leaves the authenticator.
 */
export const staffPasskeys = pgTable(
  'staff_passkeys',
  {
    /** The credential ID, base64url, as the authenticator reports it. */
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** COSE public key, base64url. */
    publicKey: text().notNull(),
    /** The authenticator's signature counter; a response with a lower one is refused (a cloned key). */
    counter: bigint({ mode: 'number' }).notNull().default(0),
    transports: jsonb().$type<string[]>().notNull().default([]),
    deviceType: text().notNull(),
    backedUp: boolean().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [index('staff_passkeys_user_idx').on(t.userId)],
);

export type StaffPasskey = typeof staffPasskeys.$inferSelect;

/** One-time recovery codes for a lost device: only a hash of each, shown once when made. */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true, mode: 'date' }),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('staff_recovery_codes_user_hash_key').on(t.userId, t.codeHash)],
);

/**
 * WebAuthn challenges, kept in the database so that any instance can verify the answer; each
 * is deleted when it is checked (single use) and is valid for a few minutes only.
 */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    challenge: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text().$type<'registration' | 'authentication'>().notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('webauthn_challenges_expires_idx').on(t.expiresAt),
    check('webauthn_challenges_purpose_check', sql`${t.purpose} in ('registration', 'authentication')`),
  ],
);
