import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type postgres from 'postgres';
import { bigBody, deepJson, EMAIL_PAYLOADS, MALFORMED_UTF8, TEXT_PAYLOADS, URL_PAYLOADS, XSS_FLAG, type TextPayload } from '../lib/testing/bad-input';
import { createCase, untilServed } from './support/cases';
import { fillSubmitter } from './support/comment-form';
import { connectE2eDatabase, createSession, createStaff, mailsTo, SESSION_COOKIE, signInWithCookie } from './support/staff-sessions';

/**
 * The bad-input corpus (lib/testing/bad-input.ts) through every public input of the running
 * app: no 5xx, nothing stored for what is refused (row counts), a Japanese message at the
 * field, and no payload ever executes in Chromium wherever the accepted text is shown.
 * PostgreSQL project only: the spec writes cases of its own and reads the database.
 */

const SLUG = 'isesaki-2nd-strategy-revision';
const messages = JSON.parse(readFileSync(new URL('../messages/ja.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;
const commentError = (key: string) => messages.commentErrors![key]!;
// The key playwright.config.ts gives the e2e server: rate-limit and audit rows are keyed by it.
// (If the two drift apart, the positive controls below fail rather than pass vacuously.)
const E2E_IP_HASH_KEY = 'e2e-ip-hash-key-0123456789abcdefghijklmnop';
const ipHash = (ip: string) => createHmac('sha256', E2E_IP_HASH_KEY).update(ip).digest('base64url').slice(0, 32);
/** A client address of this test's own (X-Forwarded-For), so its rows can be counted. */
const testIp = () => `198.18.${randomInt(0, 255)}.${randomInt(1, 254)}`;

let sql: postgres.Sql;
connectE2eDatabase((connection) => (sql = connection));

/** Rows that a request about this case, from this address, could have written. */
/** The receipt address of a test's case: mail counted per case, not shared with other tests. */
const mailbox = (c: { slug: string }) => `${c.slug}@bad-input.example`;

async function rowCounts(c: { id: number; slug: string }, ip: string) {
  const caseId = c.id;
  const hash = ipHash(ip);
  type Counts = { submissions: number; submission_opinions: number; opinions: number; mail_outbox: number; rate_limits: number; audit_log: number; verification_tokens: number };
  const [row] = await sql<Counts[]>`
    select
      (select count(*)::int from submissions where consultation_id = ${caseId}) as submissions,
      (select count(*)::int from submission_opinions so join submissions s on s.id = so.submission_id where s.consultation_id = ${caseId}) as submission_opinions,
      (select count(*)::int from opinions where consultation_id = ${caseId}) as opinions,
      (select count(*)::int from mail_outbox where recipient = ${mailbox(c)}) as mail_outbox,
      (select count(*)::int from rate_limits where key like ${`%:${hash}`}) as rate_limits,
      (select count(*)::int from audit_log where ip_hash = ${hash}) as audit_log,
      (select count(*)::int from verification_tokens where identifier like '%@bad-input.example') as verification_tokens`;
  return row!;
}

// ---------------------------------------------------------------------------------------------
// What Chromium shows must never run: no dialog, no flag set, no element or attribute the text
// could have injected.

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

async function expectNothingInjected(page: Page, dialogs: string[], where: string): Promise<void> {
  await page.waitForLoadState('load');
  const problems = await injectionProblems(page);
  expect({ where, problems, dialogs }).toEqual({ where, problems: [], dialogs: [] });
}

function injectionProblems(page: Page): Promise<string[]> {
  return page.evaluate((flag) => {
    const found: string[] = [];
    const describe = (el: Element) => el.outerHTML.slice(0, 160);
    if ((window as unknown as Record<string, unknown>)[flag] !== undefined) found.push(`window.${flag} was set`);
    if ((window.parent as unknown as Record<string, unknown>)[flag] !== undefined) found.push(`parent.${flag} was set`);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/\s+/g, '').toLowerCase();
        // React never renders event-handler attributes: any there came from text.
        if (name.startsWith('on')) found.push(`${name} attribute: ${describe(el)}`);
        // React's own guard on forms whose action is a function (it throws, it runs nothing of ours).
        const reactGuard = attr.value.startsWith("javascript:throw new Error('A React form was unexpectedly submitted.");
        // A URL that runs script; text that travels in a query string (percent-encoded) is data.
        const runs = value.startsWith('javascript:') || value.startsWith('data:text/html') || value.startsWith('vbscript:');
        if ((['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name) && runs && !reactGuard) || name === 'srcdoc') {
          found.push(`${name}=${attr.value.slice(0, 60)}: ${describe(el)}`);
        }
      }
      if (['IFRAME', 'OBJECT', 'EMBED', 'svg'].includes(el.tagName) && el.closest('body')) found.push(`<${el.tagName.toLowerCase()}>: ${describe(el)}`);
      if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push(`injected <img>: ${describe(el)}`);
      if (el.tagName === 'DETAILS' && el.hasAttribute('ontoggle')) found.push(`injected <details>: ${describe(el)}`);
      const text = el.textContent ?? '';
      // Next.js's inline scripts carry the page data, the payloads included, as JSON strings:
      // only a script that is not one of those would mean a breakout.
      if (el.tagName === 'SCRIPT' && text.includes(flag) && !/^\s*\(?self\.__next_f/.test(text)) found.push(`<script>: ${describe(el)}`);
      if (el.tagName === 'STYLE' && text.includes(flag)) found.push(`<style>: ${describe(el)}`);
    }
    return found;
  }, XSS_FLAG);
}

test('the injection check finds what it looks for (so a pass means something)', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.setContent(
    [
      `<img src=x onerror="window.${XSS_FLAG}=1;alert(1)">`,
      `<a href=" javascript:window.${XSS_FLAG}=1">a</a>`,
      '<iframe srcdoc="x"></iframe>',
      `<script>window.${XSS_FLAG}=2</script>`,
      `<svg onload="window.${XSS_FLAG}=3"></svg>`,
    ].join(''),
  );
  await expect.poll(() => dialogs.length).toBe(1);
  const problems = await injectionProblems(page);
  for (const expected of [`window.${XSS_FLAG} was set`, 'onerror attribute', 'href= javascript:', '<iframe>', '<script>', 'onload attribute', '<svg>']) {
    expect(problems.some((p) => p.startsWith(expected)), `${expected} in ${JSON.stringify(problems)}`).toBe(true);
  }
});

// ---------------------------------------------------------------------------------------------

test('every path segment and query parameter: malformed escapes, NUL, surrogates, markup and junk never get a 5xx; unknown paths are 404', async ({ request, baseURL }) => {
  test.setTimeout(240_000);
  const admin = await createStaff(sql, 'admin', 'bad-input');
  const cookie = `${SESSION_COOKIE}=${await createSession(sql, admin.id)}`;
  const failures: string[] = [];
  const check = async (method: 'GET' | 'POST', url: string, expected: (status: number) => boolean, options: { staff?: boolean; data?: unknown } = {}) => {
    const response = await request.fetch(url, {
      method,
      maxRedirects: 0,
      headers: { ...(options.staff ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': randomUUID() } : {}) },
      data: options.data,
    });
    // Node's HTTP server answers 431 to a request line over its header limit (16 KB): a 4xx.
    if (response.status() === 431 && url.length > 8 * 1024) return;
    if (!expected(response.status())) failures.push(`${response.status()} ${method} ${url.slice(0, 140)}${options.staff ? ' (staff)' : ''}`);
  };
  const notFound = (status: number) => status === 404;
  const noServerError = (status: number) => status < 500;
  const ok = (status: number) => status === 200;

  for (const x of URL_PAYLOADS) {
    // Path segments: a case, an item number, a result, the API.
    for (const path of [
      `/consultations/${x}`,
      `/consultations/${x}/comment`,
      `/consultations/${x}/results`,
      `/consultations/${x}/items/1`,
      `/consultations/${SLUG}/items/${x}`,
      `/api/consultations/${x}`,
      `/api/consultations/${x}/results`,
      `/api/consultations/${x}/results/csv`,
      `/api/consultations/${x}/results/xlsx`,
    ]) {
      await check('GET', path, notFound);
    }
    await check('POST', `/api/consultations/${x}/submissions`, notFound, { data: { consent: true } });
    for (const path of [`/${x}`, `/api/auth/${x}`, `/api/auth/callback/${x}`, `/staff/${x}`, `/staff/consultations/${x}`]) {
      await check('GET', path, noServerError);
      await check('POST', path, noServerError, { data: {} });
    }
    // Staff paths, signed in.
    for (const path of [
      `/staff/consultations/${x}`,
      `/staff/consultations/${x}/responses`,
      `/staff/consultations/${x}/categories`,
      `/staff/consultations/${SLUG}/submissions/${x}`,
      `/api/staff/consultations/${x}/export.csv`,
    ]) {
      await check('GET', path, noServerError, { staff: true });
    }
    // Query parameters of every page and route that reads one.
    for (const path of [
      `/consultations/${SLUG}?kind=${x}`,
      `/consultations/${SLUG}?page=${x}`,
      `/consultations/${SLUG}?q=${x}`,
      `/consultations/${SLUG}?kind=${x}&page=${x}&q=${x}&q=${x}`,
      `/consultations/${SLUG}/comment?item=${x}`,
      `/consultations/${SLUG}/results?version=${x}`,
      `/staff/sign-in/confirm?token=${x}&email=${x}`,
      `/staff/sign-in?signedOut=${x}`,
      `/?${x}=${x}`,
    ]) {
      await check('GET', path, ok);
    }
    for (const path of [
      `/api/consultations/${SLUG}/results?version=${x}`,
      `/api/consultations/${SLUG}/results/csv?version=${x}`,
      `/api/consultations/${SLUG}/results/xlsx?version=${x}`,
      `/api/auth/callback/nodemailer?token=${x}&email=${x}`,
    ]) {
      await check('GET', path, noServerError);
    }
    await check('POST', `/api/auth/callback/nodemailer?token=${x}&email=${x}&callbackUrl=${x}`, noServerError);
    const filters = ['item', 'category', 'status', 'channel', 'from', 'to', 'department', 'flag', 'q', 'sort', 'page'].map((k) => `${k}=${x}`).join('&');
    for (const path of [
      `/staff/consultations/${SLUG}?${filters}`,
      `/api/staff/consultations/${SLUG}/export.csv?${filters}&include=${x}&personal=${x}`,
      `/api/staff/consultations/${SLUG}/export.xlsx?${filters}`,
      `/staff/audit?actor=${x}&action=${x}&targetType=${x}&targetId=${x}&from=${x}&to=${x}&page=${x}`,
    ]) {
      await check('GET', path, ok, { staff: true });
    }
  }
  // The text corpus as search words (encodable ones: a lone surrogate cannot be percent-encoded,
  // its bytes are in URL_PAYLOADS).
  for (const payload of TEXT_PAYLOADS) {
    let encoded: string;
    try {
      encoded = encodeURIComponent(payload.value.slice(0, 1500));
    } catch {
      continue;
    }
    await check('GET', `/consultations/${SLUG}?q=${encoded}&kind=${encoded}`, ok);
    await check('GET', `/staff/consultations/${SLUG}?q=${encoded}&department=${encoded}`, ok, { staff: true });
  }
  expect(failures, `requests answered wrongly (base ${baseURL})`).toEqual([]);
});

test('the submission API over HTTP: the text corpus is stored as the policy says or refused at its field; transport junk gets a 4xx; nothing stored', async ({ request }) => {
  test.setTimeout(180_000);
  const c = await createCase(sql, { prefix: 'bad-api' });
  const ip = testIp();
  const url = `/api/consultations/${c.slug}/submissions`;
  await untilServed(request, `/consultations/${c.slug}`);
  const valid = {
    submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: mailbox(c) },
    opinions: [{ itemNumber: 2, text: '年少人口の目標値の根拠を示してください。' }],
    consent: true,
  };
  // Strings go as bytes: Playwright would encode a string as a JSON string for application/json.
  const post = (data: string | Buffer | object, headers: Record<string, string> = {}) =>
    request.post(url, {
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': ip, ...headers },
      data: typeof data === 'string' ? Buffer.from(data) : data,
      maxRedirects: 0,
    });

  // Positive control: an accepted submission from this address is counted where we look.
  const before = await rowCounts(c, ip);
  expect((await post(valid)).status()).toBe(201);
  const afterOne = await rowCounts(c, ip);
  expect(afterOne).toEqual({ ...before, submissions: before.submissions + 1, submission_opinions: before.submission_opinions + 1, opinions: before.opinions + 1, mail_outbox: before.mail_outbox + 1, rate_limits: before.rate_limits + 1 });

  const failures: string[] = [];
  let accepted = 0;
  const fieldOf = { opinion: 'opinions.0.text', name: 'submitter.name' } as const;
  for (const payload of TEXT_PAYLOADS) {
    for (const field of ['opinion', 'name'] as const) {
      const body = structuredClone(valid);
      if (field === 'opinion') body.opinions[0]!.text = payload.value;
      else body.submitter.name = payload.value;
      const response = await post(body);
      const json = (await response.json().catch(() => ({}))) as { receiptNumber?: string; fields?: Record<string, string> };
      const outcome = field === 'opinion' ? payload.opinion : payload.name;
      const where = `${field} ← ${payload.id}`;
      if (outcome === 'accept') {
        if (response.status() !== 201) {
          failures.push(`${where}: expected 201, got ${response.status()} ${JSON.stringify(json)}`);
          continue;
        }
        accepted++;
        const expected = field === 'opinion' ? (payload.stored ?? payload.value) : (payload.storedName ?? payload.stored ?? payload.value);
        const [row] = await sql<{ name: string; text: string }[]>`
          select s.submitter_name as name, so.text from submissions s join submission_opinions so on so.submission_id = s.id
          where s.receipt_number = ${json.receiptNumber!} and so.position = 0`;
        const stored = field === 'opinion' ? row?.text : row?.name;
        if (stored !== expected) failures.push(`${where}: stored ${JSON.stringify(stored?.slice(0, 80))}, expected ${JSON.stringify(expected.slice(0, 80))}`);
      } else {
        const key = { empty: field === 'opinion' ? 'opinionTextRequired' : 'nameRequired', tooLong: field === 'opinion' ? 'opinionTextTooLong' : 'nameTooLong' }[outcome as string] ?? outcome;
        if (response.status() !== 422 || json.fields?.[fieldOf[field]] !== commentError(key)) {
          failures.push(`${where}: expected 422 with ${fieldOf[field]} = ${commentError(key)}, got ${response.status()} ${JSON.stringify(json).slice(0, 200)}`);
        }
      }
    }
  }

  const body = JSON.stringify(valid);
  const [head, tail] = body.split('伊勢崎 太郎');
  const tenMegabytes = bigBody(10 * 1024 * 1024);
  const junk: [string, () => Promise<{ status: number; text: string }>, number][] = [
    ...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html', 'application/xml'].map(
      (type) => [`content type ${type}`, async () => wrap(await post(body, { 'content-type': type })), 415] as [string, () => Promise<{ status: number; text: string }>, number],
    ),
    ['10 MB with its length', async () => wrap(await post(tenMegabytes)), 413],
    [
      '10 MB streamed (chunked, no length)',
      async () => {
        const bytes = new TextEncoder().encode(tenMegabytes);
        let offset = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.subarray(offset, (offset += 256 * 1024)));
          },
        });
        const response = await fetch(new URL(url, test.info().project.use.baseURL).toString(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': ip },
          body: stream,
          duplex: 'half',
        } as RequestInit);
        return { status: response.status, text: await response.text() };
      },
      413,
    ],
    ...MALFORMED_UTF8.map(
      (m) => [`malformed UTF-8: ${m.id}`, async () => wrap(await post(Buffer.concat([Buffer.from(head!), m.bytes, Buffer.from(tail!)]))), 400] as [string, () => Promise<{ status: number; text: string }>, number],
    ),
    ['truncated JSON', async () => wrap(await post(body.slice(0, 40))), 400],
    ['not JSON', async () => wrap(await post("{'consent': true}")), 400],
    ['deep nesting', async () => wrap(await post(deepJson(90_000))), 422],
    ['deep honeypot', async () => wrap(await post(`{"website":${deepJson(90_000)}}`)), 422],
    ['no idempotency key', async () => wrap(await post(body, { 'idempotency-key': '' })), 400],
  ];
  for (const [name, send, status] of junk) {
    const response = await send();
    let message = '';
    try {
      message = String((JSON.parse(response.text) as { message?: unknown }).message ?? '');
    } catch {
      // Not JSON: reported below.
    }
    if (response.status !== status || !/[ぁ-んァ-ヶ一-龠]/.test(message)) failures.push(`${name}: expected ${status} with a Japanese message, got ${response.status} ${response.text.slice(0, 160)}`);
  }
  expect(failures).toEqual([]);

  // Only what was accepted was stored; the refused requests left every table as it was.
  expect(await rowCounts(c, ip)).toEqual({
    ...afterOne,
    submissions: afterOne.submissions + accepted,
    submission_opinions: afterOne.submission_opinions + accepted,
    opinions: afterOne.opinions + accepted,
    mail_outbox: afterOne.mail_outbox + accepted,
  });
});

async function wrap(response: { status(): number; text(): Promise<string> }) {
  return { status: response.status(), text: await response.text() };
}

// ---------------------------------------------------------------------------------------------
// The resident form in Chromium.

/**
 * Clicks after focusing: the blur of the field just typed in validates it and may move the page
 * under the pointer between mouse down and up (the click would then be lost).
 */
async function press(locator: ReturnType<Page['locator']>, action: 'click' | 'check' = 'click') {
  await locator.focus();
  await locator[action]();
}

/** With JavaScript on, wait until the form is hydrated (it then says that it keeps a draft). */
async function openForm(page: Page, slug: string, javaScriptEnabled: boolean) {
  await page.goto(`/consultations/${slug}/comment`);
  if (javaScriptEnabled) await expect(page.getByText(messages.comment!.draftSaved!)).toBeVisible();
}

const fieldError = (page: Page, path: string) => page.locator(`#field-${path.replace(/\./g, '-')}-error`);

async function expectFieldError(page: Page, path: string, message: string, where: string) {
  const input = page.locator(`#field-${path.replace(/\./g, '-')}`);
  await expect(fieldError(page, path), where).toHaveText(message);
  await expect(input, where).toHaveAttribute('aria-invalid', 'true');
  await expect(input, where).toHaveAttribute('aria-describedby', new RegExp(`field-${path.replace(/\./g, '-')}-error`));
  await expect(page.locator('.error-summary'), where).toContainText(message);
}

for (const javaScriptEnabled of [true, false]) {
  test(`the form refuses bad text at its field with JavaScript ${javaScriptEnabled ? 'on' : 'off'}, storing nothing`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await createCase(sql, { prefix: 'bad-form' });
    const ip = testIp();
    const context = await browser.newContext({ javaScriptEnabled, extraHTTPHeaders: { 'x-forwarded-for': ip } });
    const page = await context.newPage();
    await untilServed(page.request, `/consultations/${c.slug}/comment`);
    const before = await rowCounts(c, ip);
    const person = { name: '伊勢崎 太郎', address: '伊勢崎市今泉町1-1', category: '市内在住', email: '' };
    const cases: { id: string; submitter?: Partial<typeof person>; text?: string; path: string; message: string }[] = [
      { id: 'RLO in the name', submitter: { name: '太郎\u202Etxt.exe' }, path: 'submitter.name', message: commentError('bidiControls') },
      { id: 'isolate in the address', submitter: { address: '伊勢崎市\u2066今泉町\u2069' }, path: 'submitter.address', message: commentError('bidiControls') },
      { id: 'NUL in the opinion', text: '意見\u0000です', path: 'opinions.0.text', message: commentError('controlCharacters') },
      { id: 'ANSI escape in the opinion', text: '\u001b[31m赤字', path: 'opinions.0.text', message: commentError('controlCharacters') },
      { id: 'zero-width only', text: '\u200B\uFEFF\u200B', path: 'opinions.0.text', message: commentError('opinionTextRequired') },
      { id: 'lone surrogate', text: '意見\uD800です', path: 'opinions.0.text', message: commentError('invalidCharacters') },
      { id: '2,001 characters', text: 'あ'.repeat(2001), path: 'opinions.0.text', message: commentError('opinionTextTooLong') },
      { id: 'markup as an e-mail address', submitter: { email: '"><script>window.__xss=1</script>@bad-input.example' }, path: 'submitter.email', message: commentError('emailInvalid') },
      { id: 'full-width spaces only as the name', submitter: { name: '\u3000\u3000' }, path: 'submitter.name', message: commentError('nameRequired') },
    ];
    const dialogs = watchDialogs(page);
    for (const item of cases) {
      await openForm(page, c.slug, javaScriptEnabled);
      await fillSubmitter(page, { ...person, ...item.submitter });
      await page.getByLabel('意見の内容').fill(item.text ?? '意見です。');
      await press(page.getByLabel('個人情報の取扱いについて同意します'), 'check');
      await press(page.getByRole('button', { name: '入力内容を確認する' }));
      await expectFieldError(page, item.path, item.message, item.id);
      await expect(page.getByRole('heading', { level: 1 }), item.id).toHaveText('意見の提出');
      await expectNothingInjected(page, dialogs, item.id);
    }
    expect(await rowCounts(c, ip)).toEqual(before);
    await context.close();
  });
}

test('without JavaScript, bytes that are not UTF-8, a 10 MB post and forged action fields get a clear answer, never a 5xx; nothing stored', async ({ browser }) => {
  test.setTimeout(120_000);
  const c = await createCase(sql, { prefix: 'bad-bytes' });
  const ip = testIp();
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { 'x-forwarded-for': ip } });
  const page = await context.newPage();
  await untilServed(page.request, `/consultations/${c.slug}/comment`);
  const before = await rowCounts(c, ip);
  const MARK = 'MARKMARKMARK';
  /** Posts the form with the marker in the name replaced by `replace` (bytes), or the body changed. */
  const postChanged = async (change: (body: Buffer) => Buffer) => {
    await page.goto(`/consultations/${c.slug}/comment`);
    await fillSubmitter(page, { name: MARK, address: '伊勢崎市今泉町1-1', category: '市内在住', email: '' });
    await page.getByLabel('意見の内容').fill('意見です。');
    await page.getByLabel('個人情報の取扱いについて同意します').check();
    await page.route(`**/consultations/${c.slug}/comment`, async (route) => {
      const original = route.request().postDataBuffer();
      if (route.request().method() !== 'POST' || !original) return route.continue();
      await route.continue({ postData: change(original) });
    });
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '入力内容を確認する' }).click()]);
    await page.unrouteAll();
    return response;
  };
  const replaceMark = (bytes: Buffer) => (body: Buffer) => {
    const at = body.indexOf(MARK);
    expect(at, 'the form body holds the marker').toBeGreaterThan(0);
    return Buffer.concat([body.subarray(0, at), bytes, body.subarray(at + MARK.length)]);
  };

  for (const m of MALFORMED_UTF8) {
    const response = await postChanged(replaceMark(Buffer.concat([Buffer.from('太郎'), m.bytes])));
    expect(response.status(), m.id).toBe(200);
    await expectFieldError(page, 'submitter.name', commentError('invalidCharacters'), `malformed UTF-8 in the name: ${m.id}`);
  }
  const large = await postChanged(replaceMark(Buffer.alloc(10 * 1024 * 1024, 'a')));
  expect(large.status(), '10 MB').toBe(413);
  await expect(page.locator('body')).toContainText(messages.errors!.actionTooLarge!.replace('{limit}', '2'));
  const forged: [string, (body: Buffer) => Buffer][] = [
    ['the previous state replaced with junk', (body) => Buffer.from(body.toString('latin1').replace(/(name="\$ACTION_1:1"\r\n\r\n)[^\r]*/, '$1[[[[[['), 'latin1')],
    ['a bound argument that is not there', (body) => Buffer.from(body.toString('latin1').replace('$@1', '$@99'), 'latin1')],
    ['the body cut short', (body) => body.subarray(0, body.length - 30)],
  ];
  for (const [name, change] of forged) {
    const response = await postChanged(change);
    expect(response.status(), name).toBe(400);
    await expect(page.locator('body'), name).toContainText(messages.errors!.actionMalformed!);
  }
  expect(await rowCounts(c, ip)).toEqual(before);
  await context.close();
});

// ---------------------------------------------------------------------------------------------
// Accepted markup, shown everywhere it appears.

const XSS = TEXT_PAYLOADS.filter((p) => p.xss);
const XSS_NAME = `<img src=x onerror=alert(1)>太郎`;
const XSS_ADDRESS = `"><svg onload=window.${XSS_FLAG}=1>町`;

async function sendThroughForm(page: Page, slug: string, email: string, opinions: readonly TextPayload[], dialogs: string[], javaScriptEnabled: boolean): Promise<string> {
  await openForm(page, slug, javaScriptEnabled);
  await fillSubmitter(page, { name: XSS_NAME, address: XSS_ADDRESS, category: '市内在住', email });
  for (const [i, opinion] of opinions.entries()) {
    if (i > 0) await press(page.getByRole('button', { name: '意見欄を追加する' }));
    const group = page.getByRole('group', { name: `意見 ${i + 1}` });
    await group.getByLabel('対象').selectOption(i % 2 ? '' : String(1 + (i % 5)));
    await group.getByLabel('意見の内容').fill(opinion.value);
  }
  await press(page.getByLabel('個人情報の取扱いについて同意します'), 'check');
  await press(page.getByRole('button', { name: '入力内容を確認する' }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('入力内容の確認');
  // Shown as text, exactly as typed, and nothing ran.
  await expect(page.locator('.opinion-list .opinion-text')).toHaveText(opinions.map((o) => o.value), { useInnerText: false });
  await expect(page.locator('dl.facts dd').first()).toHaveText(XSS_NAME);
  await expectNothingInjected(page, dialogs, 'the confirmation page');
  await page.getByRole('button', { name: '送信する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('意見を受け付けました');
  await expect(page.locator('.opinion-list .opinion-text')).toHaveText(opinions.map((o) => o.stored ?? o.value), { useInnerText: false });
  await expectNothingInjected(page, dialogs, 'the receipt page');
  return (await page.getByTestId('receipt-number').innerText()).trim();
}

async function staffPage(browser: Browser, baseURL: string): Promise<{ page: Page; dialogs: string[]; close: () => Promise<void> }> {
  const admin = await createStaff(sql, 'admin', 'bad-input');
  const context = await browser.newContext();
  await signInWithCookie(context, baseURL, await createSession(sql, admin.id));
  const page = await context.newPage();
  return { page, dialogs: watchDialogs(page), close: () => context.close() };
}

test('markup sent through the form (JavaScript on and off) stays text: confirmation, receipt, receipt mail, staff submission view, inbox and responses', async ({ browser, baseURL, request }) => {
  test.setTimeout(240_000);
  const c = await createCase(sql, { prefix: 'bad-xss' });
  await untilServed(request, `/consultations/${c.slug}/comment`);
  const receipts: { receipt: string; email: string; opinions: readonly TextPayload[] }[] = [];
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const dialogs = watchDialogs(page);
    const email = `xss-${javaScriptEnabled ? 'on' : 'off'}-${randomUUID().slice(0, 8)}@bad-input.example`;
    const opinions = javaScriptEnabled ? XSS : XSS.slice(0, 8);
    receipts.push({ receipt: await sendThroughForm(page, c.slug, email, opinions, dialogs, javaScriptEnabled), email, opinions });
    await context.close();
  }

  // The receipt mail names the items and their length; none of the payloads reaches it (M4).
  for (const { receipt, email, opinions } of receipts) {
    let text = '';
    await expect
      .poll(async () => {
        text = (await mailsTo(request, email))[0]?.text ?? '';
        return text.includes(receipt);
      }, { timeout: 20_000 })
      .toBe(true);
    for (const o of opinions) expect(text, `the mail does not echo ${o.id}`).not.toContain(o.value);
  }

  // Staff read them: the submission view (with the submitter), the inbox and its search, the
  // responses page.
  const staff = await staffPage(browser, baseURL!);
  for (const { receipt, opinions } of receipts) {
    const [row] = await sql<{ id: string }[]>`select id from submissions where receipt_number = ${receipt}`;
    await staff.page.goto(`/staff/consultations/${c.slug}/submissions/${row!.id}`);
    await expect(staff.page.getByRole('heading', { level: 1 })).toContainText(receipt);
    const text = (await staff.page.locator('main').textContent()) ?? '';
    for (const value of [XSS_NAME, XSS_ADDRESS, ...opinions.map((o) => o.value)]) expect(text, 'the staff view shows it as text').toContain(value);
    await expectNothingInjected(staff.page, staff.dialogs, `staff submission view ${receipt}`);
  }
  for (const path of [`/staff/consultations/${c.slug}`, `/staff/consultations/${c.slug}?q=${encodeURIComponent(`window.${XSS_FLAG}`)}`, `/staff/consultations/${c.slug}/responses`]) {
    await staff.page.goto(path);
    await expectNothingInjected(staff.page, staff.dialogs, path);
  }
  await staff.close();

  // Markup in the URL is reflected as text too (the case filters, the form, the sign-in link page).
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const dialogs = watchDialogs(page);
  for (const payload of XSS) {
    const q = encodeURIComponent(payload.value);
    for (const path of [`/consultations/${SLUG}?q=${q}&kind=${q}&page=${q}`, `/consultations/${SLUG}/comment?item=${q}`, `/staff/sign-in/confirm?token=${q}&email=${q}`]) {
      await page.goto(path);
      await expectNothingInjected(page, dialogs, `${path.split('?')[0]} with ${payload.id}`);
    }
  }
  await expect(page.locator('form[method="post"]')).toHaveAttribute('action', /^\/api\/auth\/callback\/nodemailer\?/);
  await visitor.close();
});

test('markup in a published result stays text: the results page, an earlier version, JSON, CSV and XLSX', async ({ browser, baseURL, request }) => {
  test.setTimeout(180_000);
  const run = `window.${XSS_FLAG}=1`;
  const title = `<script>${run}</script>結果 "><img src=x onerror=alert(1)>`;
  const c = await createCase(sql, { prefix: 'bad-result', title: () => title });
  await sql`update consultations set department = ${`<svg onload=${run}>企画課`} where id = ${c.id}`;
  await untilServed(request, `/consultations/${c.slug}`);

  // Residents' comments (through the API), then staff classify, answer and approve them with
  // markup in every staff-written text, straight in the database as the triage pages would.
  const summaries = XSS.slice(0, 6);
  for (const [i, s] of summaries.entries()) {
    const response = await request.post(`/api/consultations/${c.slug}/submissions`, {
      headers: { 'idempotency-key': randomUUID() },
      data: { submitter: { name: '伊勢崎 太郎', address: '伊勢崎市', category: '市内在住' }, opinions: [{ itemNumber: i % 2 ? null : 1, text: s.value }], consent: true },
    });
    expect(response.status()).toBe(201);
  }
  const label = `<img src=x onerror=alert(2)>区分`;
  await sql`insert into handling_categories (consultation_id, code, label, position) values (${c.id}, 'X', ${label}, 0)`;
  await sql`update opinions set summary = text, category_code = 'X', status = 'approved' where consultation_id = ${c.id}`;
  const response = `<iframe srcdoc="<script>parent.${run}</script>"></iframe>市の考え方 [x](javascript:${run})`;
  for (const itemNumber of [1, null]) {
    const [group] = await sql<{ id: string }[]>`
      insert into response_groups (consultation_id, item_number, response, category_code, status, approved_at)
      values (${c.id}, ${itemNumber}, ${response}, 'X', 'approved', now()) returning id`;
    await sql`
      insert into response_group_members (group_id, opinion_id)
      select ${group!.id}, id from opinions where consultation_id = ${c.id} and item_number is not distinct from ${itemNumber}`;
  }
  const amended = `改訂後の文案<script>${run}</script>`;
  const note = `<details open ontoggle=${run}>備考</details>`;
  await sql`insert into item_amendments (consultation_id, item_number, changed, amended_text, note) values (${c.id}, 1, true, ${amended}, ${note})`;
  await sql`update consultations set closes_at = now() - interval '1 minute' where id = ${c.id}`;

  // An admin publishes twice (version 1 stays readable).
  const staff = await staffPage(browser, baseURL!);
  const publications = async () => Number((await sql`select count(*)::int as n from result_publications where consultation_id = ${c.id}`)[0]!.n);
  for (const version of [1, 2]) {
    await staff.page.goto(`/staff/consultations/${c.slug}/responses`);
    await expectNothingInjected(staff.page, staff.dialogs, `responses page before version ${version}`);
    await staff.page.getByRole('button', { name: '実施結果を公表する' }).click();
    await expect.poll(publications).toBe(version);
  }
  await staff.close();

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  const dialogs = watchDialogs(page);
  for (const query of ['', '?version=1']) {
    const path = `/consultations/${c.slug}/results${query}`;
    await untilServed(page.request, path);
    await page.goto(path);
    const text = (await page.locator('main').textContent()) ?? '';
    for (const value of [title, response, note, ...summaries.map((s) => s.value)]) expect(text, `${path} shows it as text`).toContain(value);
    await expect(page).toHaveTitle(new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await expectNothingInjected(page, dialogs, path);
  }
  // Open data carries the text as data, with types that no browser renders as a page.
  const json = await page.request.get(`/api/consultations/${c.slug}/results`);
  expect(json.headers()['content-type']).toContain('application/json');
  expect(JSON.stringify(await json.json())).toContain(JSON.stringify(response).slice(1, -1));
  const csv = await page.request.get(`/api/consultations/${c.slug}/results/csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(await csv.text()).toContain(summaries[0]!.value.replace(/"/g, '""'));
  const xlsx = await page.request.get(`/api/consultations/${c.slug}/results/xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  const cells: unknown[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.value))));
  expect(cells, 'XLSX cells are plain strings, never formulas').toContainEqual(response);
  expect(cells.filter((v) => typeof v === 'object' && v !== null && 'formula' in v)).toEqual([]);
  await visitor.close();
});

// ---------------------------------------------------------------------------------------------
// Staff sign-in: the one public form of the staff area, and Auth.js's endpoints.

test('the staff sign-in e-mail field and /api/auth/* refuse junk with a message or a calm page; no 5xx, no token stored', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const ip = testIp();
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip } });
  const page = await context.newPage();
  const dialogs = watchDialogs(page);
  const tokens = async () => Number((await sql`select count(*)::int as n from verification_tokens where identifier = 'taro@example.jp'`)[0]!.n);
  const tokensBefore = await tokens();
  for (const payload of EMAIL_PAYLOADS) {
    await page.goto('/staff/sign-in');
    await page.getByLabel('メールアドレス').fill(payload.value);
    await page.getByRole('button', { name: 'ログイン用リンクを送る' }).click();
    if (payload.outcome === 'accept') {
      await expect(page.getByRole('heading', { level: 1 }), payload.id).toHaveText('メールを確認してください');
    } else {
      const message = payload.outcome === 'empty' ? messages.staffErrors!.emailRequired! : messages.staffErrors!.emailInvalid!;
      await expect(page.locator('#email-error'), payload.id).toContainText(message);
      await expect(page.locator('#email'), payload.id).toHaveAttribute('aria-invalid', 'true');
    }
    await expectNothingInjected(page, dialogs, `sign-in with ${payload.id}`);
  }
  // Unknown addresses get no link: nothing for them in verification_tokens.
  expect(await tokens()).toBe(tokensBefore);
  await context.close();

  const failures: string[] = [];
  const bodies: [string, string | Buffer][] = [
    ['form', 'token=%00&email=%FF'],
    ['bytes', Buffer.from([0xff, 0xfe, 0x00, 0xc0, 0xaf])],
    ['JSON', '{"token":{"$gt":""},"email":["a"]}'],
    ['deep', deepJson(50_000)],
    ['10 MB', bigBody(10 * 1024 * 1024)],
  ];
  for (const endpoint of ['/api/auth/callback/nodemailer', '/api/auth/signin/nodemailer', '/api/auth/session', '/api/auth/csrf', '/api/auth/signout', '/api/auth/providers']) {
    for (const [name, data] of bodies) {
      if (name === '10 MB' && endpoint !== '/api/auth/callback/nodemailer') continue;
      for (const type of ['application/x-www-form-urlencoded', 'application/json', 'text/plain']) {
        const response = await request.post(`${endpoint}?token=${encodeURIComponent('<script>')}&email=%00`, { headers: { 'content-type': type, 'x-forwarded-for': ip }, data, maxRedirects: 0 });
        if (response.status() >= 500) failures.push(`${response.status()} POST ${endpoint} ${name} as ${type}`);
      }
    }
    const get = await request.get(endpoint, { maxRedirects: 0 });
    if (get.status() >= 500) failures.push(`${get.status()} GET ${endpoint}`);
  }
  expect(failures).toEqual([]);
  // A link we never sent ends on the calm "link not valid" page.
  const forged = await request.post(`/api/auth/callback/nodemailer?token=%00&email=${encodeURIComponent('<script>@x')}`, { headers: { 'x-forwarded-for': ip }, maxRedirects: 0 });
  expect({ status: forged.status(), location: forged.headers()['location'] }).toEqual({ status: 303, location: '/staff/sign-in/failed' });
});
