import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One-time links that let the first person create the first admin account of a new install
 * (lib/setup). Only a SHA-256 hash of the token is stored; the token itself is printed once on
 * the server's console. A link works once, until it expires, and never once an admin exists.
 */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text().primaryKey(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  usedAt: timestamp({ withTimezone: true }),
});
