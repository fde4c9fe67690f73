import 'server-only';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { databaseEnv, type DatabaseEnv } from '@/db/env';
import { pageCacheSecondsSchema } from '@/lib/page-cache-contract.mjs';
import { z } from '@/lib/validation/zod';

const secret = z.string().min(32, 'must be at least 32 characters');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // DATABASE_URL, PGLITE_DIR, DATABASE_POOL_MAX: db/env.ts (db/ reads them itself).
  /** The public origin of the app, e.g. https://comment.city.example.jp (links in mail). */
  APP_URL: z.string().url().optional(),
  /**
   * The staff area's public origin for Auth.js (https://… in production). When set, cookies are
   * Secure with the __Secure-/__Host- prefixes exactly when it is https; when unset, the
   * request's protocol decides (AUTH_TRUST_HOST=true behind a proxy that sets X-Forwarded-Proto).
   */
  AUTH_URL: z.string().url().optional(),
  /** Sign-in link requests allowed per address and per IP address in 15 minutes. */
  AUTH_SIGNIN_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(5),
  AUTH_SIGNIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(20),
  /**
   * Roles that must register a passkey at their first sign-in (comma-separated; empty: none).
   * Whoever has a passkey proves it at every sign-in whatever this says.
   */
  PASSKEY_REQUIRED_ROLES: z
    .string()
    .default('admin')
    .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['admin', 'reviewer']))),
  /** Signs sessions and tokens (next-auth). */
  AUTH_SECRET: secret.optional(),
  /** Key of the keyed hash under which IP addresses are stored (never stored in the clear). */
  IP_HASH_KEY: secret.optional(),
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For. 0 (the default, safe
   * without a proxy): the client is the socket's peer and the header is ignored; 1: the entry
   * the one proxy appended (lib/security/ip-hash.ts).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** smtp://user:pass@host:port or smtps://…; unset: mail is not sent, and that is logged. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('伊勢崎市 パブリックコメント <noreply@localhost>'),
  /** Web submissions allowed per client IP in 10 minutes (counted in PostgreSQL, across instances). */
  SUBMISSION_LIMIT_PER_IP: z.coerce.number().int().positive().default(20),
  /** Web submissions allowed per e-mail address in an hour. */
  SUBMISSION_LIMIT_PER_EMAIL: z.coerce.number().int().positive().default(10),
  /** Seconds between runs of the in-process outbox worker; 0 turns it off (instrumentation.ts). */
  MAIL_WORKER_INTERVAL_SECONDS: z.coerce.number().min(0).default(15),
  /** 保存期間: days after a case's first published result until its submitters' personal data is erased (a case may set its own). */
  RETENTION_DAYS_AFTER_PUBLICATION: z.coerce.number().int().min(0).max(36500).default(365),
  /** Seconds between runs of the retention job in each instance; 0 turns it off. */
  RETENTION_JOB_INTERVAL_SECONDS: z.coerce.number().min(0).default(3600),
  /**
   * How long a mail taken by one instance's worker is left alone by the others; when that
   * instance dies mid-run, another sends the mail after this long. Well above a run (30 s).
   */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(60).default(600),
  /**
   * Seconds server.mjs keeps a rendered resident page (0: no page cache). Changes reach every
   * instance at once by NOTIFY; this bounds a missed notification. server.mjs parses the same schema.
   */
  PAGE_CACHE_SECONDS: pageCacheSecondsSchema,
  /** Seconds between runs of the in-process analysis worker (new opinions); 0 turns it off. */
  ANALYSIS_WORKER_INTERVAL_SECONDS: z.coerce.number().min(0).default(30),
});

export type Env = z.infer<typeof envSchema> & DatabaseEnv & { AUTH_SECRET: string; IP_HASH_KEY: string };

let parsed: Env | undefined;

/** The environment, parsed once on first use (never at import, so `next build` reads nothing). */
export function env(): Env {
  if (parsed) return parsed;
  const raw = { ...envSchema.parse(process.env), ...databaseEnv() };
  parsed = { ...raw, ...secrets(raw) };
  return parsed;
}

/**
 * A deployment on PostgreSQL must configure its secrets. The embedded database is for trying
 * the app from a fresh clone, so there the secrets are generated once and kept beside the data.
 */
function secrets(raw: z.infer<typeof envSchema> & DatabaseEnv): { AUTH_SECRET: string; IP_HASH_KEY: string } {
  if (raw.AUTH_SECRET && raw.IP_HASH_KEY) return { AUTH_SECRET: raw.AUTH_SECRET, IP_HASH_KEY: raw.IP_HASH_KEY };
  if (raw.DATABASE_URL && raw.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET and IP_HASH_KEY must be set when running on PostgreSQL in production');
  }
  const generated = loadOrCreateLocalSecrets(raw.PGLITE_DIR);
  return { AUTH_SECRET: raw.AUTH_SECRET ?? generated.AUTH_SECRET, IP_HASH_KEY: raw.IP_HASH_KEY ?? generated.IP_HASH_KEY };
}

function loadOrCreateLocalSecrets(pgliteDir: string): { AUTH_SECRET: string; IP_HASH_KEY: string } {
  const fresh = () => ({ AUTH_SECRET: randomBytes(32).toString('base64url'), IP_HASH_KEY: randomBytes(32).toString('base64url') });
  if (pgliteDir.startsWith('memory://')) return fresh();
  const file = path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ pgliteDir)), 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { AUTH_SECRET: string; IP_HASH_KEY: string };
  const created = fresh();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/**
 * The public origin of the app (https://comment.city.example.jp): sign-in links in staff mail
 * point here and nowhere else, never at a host a request names (X-Forwarded-Host, Host): an
 * attacker could ask for a link for a clerk's address with their own host in the header and
 * receive the token when the clerk clicks a genuine city mail. Required in production
 * (assertServerEnvironment); a development server without it uses http://localhost:PORT.
 */
export function publicOrigin(current: Pick<Env, 'AUTH_URL' | 'APP_URL' | 'NODE_ENV'> = env()): string {
  const configured = current.AUTH_URL ?? current.APP_URL;
  if (configured) return new URL(configured).origin;
  if (current.NODE_ENV === 'production') throw new Error(PUBLIC_ORIGIN_MISSING);
  return `http://localhost:${process.env.PORT ?? 3000}`;
}

export const PUBLIC_ORIGIN_MISSING =
  'AUTH_URL (or APP_URL) must be set in production: the public origin of the app, e.g. https://comment.city.example.jp; sign-in links are built from it alone';

/**
 * What a server checks before it takes requests (instrumentation.ts): the environment parses,
 * the secrets are there, and in production the public origin is configured. Throws with a
 * message for the operator. Scripts (migrate, seed, import) need no origin, so this is not
 * part of env().
 */
export function assertServerEnvironment(): void {
  const current = env();
  if (current.NODE_ENV === 'production') publicOrigin(current);
}
/** The schema itself, for the page cache's contract test (lib/page-cache.test.ts). */
export const envSchemaForTests = envSchema;

/** For tests that change the environment between cases. */
export function resetEnvForTests(): void {
  parsed = undefined;
}
