import { defineConfig, devices } from '@playwright/test';
// Specs seed and read through the server modules, which import 'server-only': load it empty here
// (the config runs in the runner and in every worker) as the tsx scripts do.
import './scripts/server-only-hook.mjs';

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  },
};

const PORT_BASE = Number(process.env.E2E_PORT_BASE ?? 3100);
const PGLITE_PORT = PORT_BASE;
const PG_PORT = PORT_BASE + 1;
/** A server whose public origin is http://localhost:…, for the passkey specs (WebAuthn needs a domain as RP ID, not 127.0.0.1). */
const PASSKEY_PORT = PORT_BASE + 2;
const PASSKEY_SPECS = /(^|\/)passkeys[^/]*\.spec\.ts$/;
const SMTP_PORT = PORT_BASE + 25;
const MAIL_HTTP_PORT = PORT_BASE + 80;
/** Specs read the mail the app sent from here (GET /messages). */
process.env.MAIL_CATCHER_URL = `http://127.0.0.1:${MAIL_HTTP_PORT}`;
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);
const serverEnv = {
  NEXT_TELEMETRY_DISABLED: '1',
  AUTH_TRUST_HOST: 'true',
  NODE_ENV: 'production',
  AUTH_SECRET: 'e2e-auth-secret-0123456789abcdefghijklmnop',
  IP_HASH_KEY: 'e2e-ip-hash-key-0123456789abcdefghijklmnop',
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  // The specs play the reverse proxy: their X-Forwarded-For is the client (e2e/bad-input.spec.ts
  // counts rows per client). TRUSTED_PROXY_HOPS=0, the default, is tested in e2e/security-review.spec.ts.
  TRUSTED_PROXY_HOPS: '1',
  // Every spec posts from 127.0.0.1; the limit itself is tested in lib/submission-api.test.ts.
  SUBMISSION_LIMIT_PER_IP: '10000',
  SUBMISSION_LIMIT_PER_EMAIL: '10000',
  MAIL_WORKER_INTERVAL_SECONDS: '2',
  // Admins could not register a passkey here (its origin is an IP address, which WebAuthn does
  // not accept): specs sign staff in without one. The passkey server keeps the default (admin).
  PASSKEY_REQUIRED_ROLES: '',
};

/**
 * Every spec runs against the production server (server.mjs) on PostgreSQL; the resident reading specs (tagged
 * @both) run on the embedded PGlite database too.
 */
export default defineConfig({
  testDir: './e2e',
  // Several axe checks and page loads per test on a 2-core CI machine running two workers: a
  // minute per test (each expectation keeps its own 10 s).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'retain-on-failure', locale: 'ja-JP', timezoneId: 'Asia/Tokyo' },
  projects: [
    ...(withPostgres
      ? [
          { name: 'postgres', testIgnore: PASSKEY_SPECS, use: { ...chromium, baseURL: `http://127.0.0.1:${PG_PORT}` } },
          { name: 'passkeys', testMatch: PASSKEY_SPECS, use: { ...chromium, baseURL: `http://localhost:${PASSKEY_PORT}` } },
        ]
      : []),
    { name: 'pglite', grep: /@both/, use: { ...chromium, baseURL: `http://127.0.0.1:${PGLITE_PORT}` } },
  ],
  webServer: [
    {
      command: `npx tsx --import ./scripts/server-only-hook.mjs scripts/mail-catcher.ts --smtp-port ${SMTP_PORT} --http-port ${MAIL_HTTP_PORT}`,
      url: `http://127.0.0.1:${MAIL_HTTP_PORT}/messages`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    ...(withPostgres
      ? [
          {
            command: `bash scripts/e2e-server.sh postgres ${PG_PORT}`,
            url: `http://127.0.0.1:${PG_PORT}/api/health`,
            timeout: 300_000,
            reuseExistingServer: false,
            env: serverEnv,
          },
          {
            command: `bash scripts/e2e-server.sh postgres ${PASSKEY_PORT}`,
            url: `http://127.0.0.1:${PASSKEY_PORT}/api/health`,
            timeout: 300_000,
            reuseExistingServer: false,
            env: { ...serverEnv, E2E_HOST: 'localhost', PASSKEY_REQUIRED_ROLES: 'admin' },
          },
        ]
      : []),
    {
      command: `bash scripts/e2e-server.sh pglite ${PGLITE_PORT}`,
      url: `http://127.0.0.1:${PGLITE_PORT}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      env: serverEnv,
    },
  ],
});
