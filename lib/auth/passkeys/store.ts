import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { staffPasskeys, staffRecoveryCodes, webauthnChallenges, type StaffPasskey } from '@/db/schema';

/** A challenge must be answered within 5 minutes, once. */
export const CHALLENGE_TTL_SECONDS = 5 * 60;
export const RECOVERY_CODE_COUNT = 10;

export type ChallengePurpose = 'registration' | 'authentication';

/** Stores a challenge for this user (and drops everyone's expired ones on the way). */
export async function storeChallenge(db: Db, input: { challenge: string; userId: string; purpose: ChallengePurpose }, now = new Date()): Promise<void> {
  await db.delete(webauthnChallenges).where(lte(webauthnChallenges.expiresAt, now));
  await db.insert(webauthnChallenges).values({ ...input, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_SECONDS * 1000) });
}

/**
 * Uses a challenge up: true only if it was issued to this user for this purpose and has not
 * expired. The row is deleted in the same statement, so two answers to one challenge (on two
 * instances at once) cannot both pass.
 */
export async function consumeChallenge(db: Db, input: { challenge: string; userId: string; purpose: ChallengePurpose }, now = new Date()): Promise<boolean> {
  const [row] = await db
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.challenge, input.challenge), eq(webauthnChallenges.userId, input.userId), eq(webauthnChallenges.purpose, input.purpose)))
    .returning({ expiresAt: webauthnChallenges.expiresAt });
  return Boolean(row && row.expiresAt.getTime() > now.getTime());
}

export async function listPasskeys(db: Db, userId: string): Promise<StaffPasskey[]> {
  return db.select().from(staffPasskeys).where(eq(staffPasskeys.userId, userId)).orderBy(asc(staffPasskeys.createdAt));
}

export async function findPasskey(db: Db, userId: string, credentialId: string): Promise<StaffPasskey | null> {
  const [row] = await db
    .select()
    .from(staffPasskeys)
    .where(and(eq(staffPasskeys.id, credentialId), eq(staffPasskeys.userId, userId)))
    .limit(1);
  return row ?? null;
}

export async function savePasskey(
  db: Db,
  passkey: { id: string; userId: string; publicKey: string; counter: number; transports: string[]; deviceType: string; backedUp: boolean },
): Promise<void> {
  await db.insert(staffPasskeys).values(passkey);
}

/** After a verified use: the new signature counter (a lower one next time means a cloned key). */
export async function recordPasskeyUse(db: Db, credentialId: string, counter: number, now = new Date()): Promise<void> {
  await db.update(staffPasskeys).set({ counter, lastUsedAt: now }).where(eq(staffPasskeys.id, credentialId));
}

// Crockford's base 32: no I, L, O, U, so a code read aloud or copied by hand is unambiguous.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 random characters (80 bits) as XXXX-XXXX-XXXX-XXXX. */
function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back; O/I/L read as 0/1/1. */
export function normalizeRecoveryCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * The codes are 80 random bits each, so a plain SHA-256 cannot be reversed by guessing;
 * a slow password hash would add nothing but CPU time.
 */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`staff-recovery-code:${normalizeRecoveryCode(code)}`).digest('base64url');
}

/** New recovery codes for a user, replacing the old ones. Returns the codes: they are shown once and never stored. */
export async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.transaction(async (tx) => {
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.userId, userId));
    await tx.insert(staffRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })));
  });
  return codes;
}

/** Uses one recovery code up: true the first time a valid code is given, false ever after. */
export async function redeemRecoveryCode(db: Db, userId: string, code: string, now = new Date()): Promise<boolean> {
  if (normalizeRecoveryCode(code).length !== 16) return false;
  const [row] = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(staffRecoveryCodes.userId, userId), eq(staffRecoveryCodes.codeHash, hashRecoveryCode(code)), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return Boolean(row);
}
