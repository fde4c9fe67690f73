import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import type postgres from 'postgres';
import { postSubmission, prepareDatabase, startServer, submissionBody } from '../bench/support';
import { CASES } from './support/cases';
import { connectE2eDatabase, createStaff, mailsTo } from './support/staff-sessions';

// Findings of the security review (issue 12), each against the production server. PostgreSQL
// project only: the specs read the server's database and its mail.
const messages = JSON.parse(readFileSync(new URL('../messages/ja.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** Ports for servers this spec starts itself: above the range playwright.config.ts uses. */
const OWN_PORT = Number(process.env.E2E_PORT_BASE ?? 3100) + 150;
const PRODUCTION = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' as const, AUTH_SECRET: 'spec-auth-secret-0123456789abcdefghijklmnop', IP_HASH_KEY: 'spec-ip-hash-key-0123456789abcdefghijklmnop' };

/** The environment of this process without the variables a test decides itself. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['AUTH_URL', 'APP_URL', 'DATABASE_URL', 'TRUSTED_PROXY_HOPS', 'SMTP_URL', 'PORT']) delete env[name];
  return env;
}

test('H1: a production server without a public origin (AUTH_URL / APP_URL) refuses to start, and says why', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'no-origin-'));
  try {
    const server = spawn('node', ['server.mjs', '-H', '127.0.0.1', '-p', String(OWN_PORT)], {
      env: { ...baseEnv(), ...PRODUCTION, PGLITE_DIR: path.join(dir, 'pglite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A server that starts anyway is stopped after a minute, and the test fails on its exit code.
    const killer = setTimeout(() => server.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => server.on('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(killer);
    expect(code, output).not.toBe(0);
    expect(code, output).not.toBeNull();
    expect(output).toContain('configuration error: AUTH_URL (or APP_URL) must be set in production');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('M3: with TRUSTED_PROXY_HOPS=0 (the default) a spoofed X-Forwarded-For counts against the socket address', async () => {
  // Migrates and seeds a database of its own, then starts a server: minutes on a busy machine.
  test.setTimeout(480_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'hops-0-'));
  const env = { ...baseEnv(), ...PRODUCTION, PGLITE_DIR: path.join(dir, 'pglite'), SUBMISSION_LIMIT_PER_IP: '2', MAIL_WORKER_INTERVAL_SECONDS: '0' };
  await prepareDatabase(env);
  // The positive control of the test above: the same server with its origin starts.
  const server = await startServer(OWN_PORT + 1, { ...env, AUTH_URL: `http://127.0.0.1:${OWN_PORT + 1}` });
  try {
    const statuses: number[] = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const response = await postSubmission(server.base, CASES.open.slug, { key: randomUUID(), ip, body: submissionBody('') });
      statuses.push(response.status);
    }
    // Three "clients" by their header, one by their socket: the third is over the limit of 2.
    expect(statuses).toEqual([201, 201, 429]);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The sign-in form's fields as a browser without JavaScript posts them, with `email`. */
async function signInFormFields(request: APIRequestContext, email: string): Promise<Record<string, string>> {
  const html = await (await request.get('/staff/sign-in')).text();
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)![1]!;
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(input[1]!)?.[1];
    const type = /type="([^"]*)"/.exec(input[1]!)?.[1];
    if (name && type === 'hidden') fields[name.replace(/&amp;/g, '&')] = (/value="([^"]*)"/.exec(input[1]!)?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  fields.email = email;
  return fields;
}

/** Posts the sign-in form (no JavaScript) as a client at `ip`, with extra headers. */
async function postSignIn(request: APIRequestContext, email: string, ip: string, headers: Record<string, string> = {}): Promise<APIResponse> {
  return request.post('/staff/sign-in', { multipart: await signInFormFields(request, email), headers: { 'x-forwarded-for': ip, ...headers }, maxRedirects: 0 });
}

test('H1: a sign-in request naming a foreign host (X-Forwarded-Host, Origin) yields a mail whose link has the configured host', async ({ request, baseURL }) => {
  const admin = await createStaff(sql, 'admin', 'forwarded-host');
  const response = await postSignIn(request, admin.email, '198.18.200.1', { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', host: 'evil.example' });
  expect(response.status()).toBeLessThan(400);
  await expect.poll(async () => (await mailsTo(request, admin.email)).length).toBe(1);
  const [mail] = await mailsTo(request, admin.email);
  const links = [...mail!.text.matchAll(/https?:\/\/[^\s]+/g)].map((m) => new URL(m[0]));
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link.origin).toBe(baseURL);
  expect(mail!.text).not.toContain('evil.example');
});

/** A response as bytes, with what differs on every response whoever asks (the date, the CSP nonce) set aside. */
async function comparable(response: APIResponse): Promise<string> {
  const headers = response.headersArray().filter((h) => h.name.toLowerCase() !== 'date');
  const nonce = /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
  const text = JSON.stringify({ status: response.status(), headers, body: (await response.body()).toString('base64') });
  return nonce ? text.split(nonce).join('NONCE') : text;
}

test('M1: a sign-in request for a registered and for an unknown address get byte-identical responses; the mail follows', async ({ request }) => {
  const admin = await createStaff(sql, 'admin', 'enumeration');
  const unknown = `nobody-${randomUUID().slice(0, 8)}@e2e.test`;
  // Each from a client of its own, so neither counts against the other's limits.
  const registered = await postSignIn(request, admin.email, '198.18.201.1');
  const stranger = await postSignIn(request, unknown, '198.18.201.2');
  expect(registered.headers()['set-cookie']).toBeUndefined();
  expect(await comparable(registered)).toBe(await comparable(stranger));
  // The work for the registered address happened after the reply.
  await expect.poll(async () => (await mailsTo(request, admin.email)).length).toBe(1);
  expect(await mailsTo(request, unknown)).toHaveLength(0);
});

test('L5: a server action posted from another site gets 403 with a message, not a 500', async ({ request }) => {
  const fields = await signInFormFields(request, 'someone@e2e.test');
  const response = await request.post('/staff/sign-in', { multipart: fields, headers: { origin: 'https://evil.example', 'x-forwarded-for': '198.18.202.1' }, maxRedirects: 0 });
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain(messages.errors!.actionForeignOrigin!);
  const comment = await request.post(`/consultations/${CASES.open.slug}/comment`, { multipart: { name: 'x' }, headers: { origin: 'null', 'x-forwarded-for': '198.18.202.1' }, maxRedirects: 0 });
  expect(comment.status()).toBe(403);
});
