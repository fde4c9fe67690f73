import { describe, expect, it } from 'vitest';
import { deepJson } from '@/lib/testing/bad-input';
import nextConfig from '@/next.config.js';
import { isServerActionRequest, SERVER_ACTION_BODY_LIMIT_BYTES, serverActionRequestProblem } from './server-action-request';

/** Next.js's size strings (the `bytes` package): '2mb' is 2 × 1024 × 1024. */
function parseBytes(size: string | number | undefined): number {
  const match = /^(\d+)(kb|mb)$/.exec(String(size));
  if (!match) throw new Error(`unexpected size ${size}`);
  return Number(match[1]) * 1024 ** (match[2] === 'kb' ? 1 : 2);
}

const ID = '6024dbaee4bb1b21eb0b5b74c2d53334f0b92c4d47';

function formPost(fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const probe = new Request('http://localhost/', { method: 'POST', body: form });
  return new Request(probe, { headers: { 'content-type': probe.headers.get('content-type')!, ...headers } });
}
/** Fills in content-length as a browser would (Request leaves it to the transport). */
async function withLength(request: Request): Promise<Request> {
  const length = (await request.clone().arrayBuffer()).byteLength;
  return new Request(request, { headers: { ...Object.fromEntries(request.headers), 'content-length': String(length) } });
}
const problem = async (request: Request) => serverActionRequestProblem(await withLength(request));

/** What the comment form posts without JavaScript (React's progressive enhancement fields). */
const formFields = (state = '[{"step":"edit","values":{"submitter":{"name":"$$D"}},"errors":{}}]') => ({
  $ACTION_REF_1: '',
  '$ACTION_1:0': JSON.stringify({ id: ID, bound: '$@1' }),
  '$ACTION_1:1': state,
  $ACTION_KEY: 'k81eda9b85313a2d49c8d2e0bbae61bb0',
  slug: 'isesaki',
  'submitter.name': '伊勢崎 太郎 $@99 [[[',
  intent: 'confirm',
});

describe('server-action requests the proxy refuses before Next.js answers 500', () => {
  it('knows a server-action request: a Next-Action header, or a form post', () => {
    expect(isServerActionRequest('POST', new Headers({ 'next-action': ID }))).toBe(true);
    expect(isServerActionRequest('POST', new Headers({ 'content-type': 'multipart/form-data; boundary=x' }))).toBe(true);
    expect(isServerActionRequest('POST', new Headers({ 'content-type': 'application/x-www-form-urlencoded' }))).toBe(true);
    expect(isServerActionRequest('GET', new Headers({ 'next-action': ID }))).toBe(false);
    expect(isServerActionRequest('POST', new Headers({ 'content-type': 'application/json' }))).toBe(false);
  });

  it('lets the forms through: without JavaScript, and as fetch actions (multipart and JSON)', async () => {
    expect(await problem(formPost(formFields()))).toBeNull();
    expect(await problem(formPost({ [`$ACTION_ID_${ID}`]: '', email: 'a@b.jp' }))).toBeNull();
    const fetchHeaders = { 'next-action': ID };
    expect(await problem(formPost({ '0': '[{"step":"edit","when":"$D2025-01-01T00:00:00.000Z","x":"$undefined"},"$K1"]', '1_submitter.name': '太郎' }, fetchHeaders))).toBeNull();
    expect(await problem(formPost({ '0': '["$1","$T"]', '1': '{"a":"$$x"}' }, fetchHeaders))).toBeNull();
    const json = new Request('http://localhost/', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', ...fetchHeaders }, body: '[{"a":1},"$undefined"]' });
    expect(await problem(json)).toBeNull();
  });

  it('refuses a post from another site (403): the Origin names another host than the request', async () => {
    const from = (origin: string, host: Record<string, string> = { host: 'comment.city.example.jp' }) => problem(formPost(formFields(), { origin, ...host }));
    expect(await from('https://comment.city.example.jp')).toBeNull();
    expect(await from('https://evil.example')).toBe('foreign_origin');
    expect(await from('null')).toBe('foreign_origin');
    // Behind a proxy the host the browser used is X-Forwarded-Host, as Next.js reads it.
    expect(await from('https://comment.city.example.jp', { host: 'app1.internal:3000', 'x-forwarded-host': 'comment.city.example.jp' })).toBeNull();
    expect(await from('https://evil.example', { host: 'app1.internal:3000', 'x-forwarded-host': 'comment.city.example.jp' })).toBe('foreign_origin');
    // Without an Origin header, Next.js decides (it lets such requests through, as browsers always send one).
    expect(await problem(formPost(formFields(), { host: 'comment.city.example.jp' }))).toBeNull();
  });

  it('refuses bodies without a length (411), over 2 MB (413), and malformed ones (400)', async () => {
    expect(SERVER_ACTION_BODY_LIMIT_BYTES).toBe(parseBytes(nextConfig.experimental?.serverActions?.bodySizeLimit));
    const big = formPost({ ...formFields(), 'submitter.name': 'a'.repeat(SERVER_ACTION_BODY_LIMIT_BYTES + 1) });
    expect(await problem(big)).toBe('too_large');
    expect(await serverActionRequestProblem(formPost(formFields()))).toBe('length_required');
    const truncated = new Request('http://localhost/', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--zz',
    });
    expect(await problem(truncated)).toBe('malformed');
  });

  it.each([
    ['state that is not JSON', formFields('[[[[[[[')],
    ['state nested 50,000 deep', formFields(deepJson(50_000))],
    ['a bound argument that is not there', { ...formFields(), '$ACTION_1:0': JSON.stringify({ id: ID, bound: '$@9999' }) }],
    ['metadata that is not an action', { ...formFields(), '$ACTION_1:0': '"x"' }],
    ['a reference to a missing part', formFields('[{"a":"$5"}]')],
    ['a Blob reference', formFields('["$B1"]')],
    ['a server reference', formFields('["$h1"]')],
    ['a stream', formFields('["$R1"]')],
    ['a temporary reference in a form post', formFields('["$T"]')],
    ['a huge BigInt', formFields(`["$n${'9'.repeat(400)}"]`)],
  ])('refuses a form post with %s', async (_name, fields) => {
    expect(await problem(formPost(fields))).toBe('malformed');
  });

  it.each([
    ['no root part', { '1_submitter.name': 'x' }],
    ['a root that is not JSON', { '0': '{' }],
    ['a missing outlined part', { '0': '["$3"]' }],
    ['deep nesting', { '0': deepJson(10_000) }],
  ])('refuses a fetch action with %s', async (_name, fields) => {
    expect(await problem(formPost(fields, { 'next-action': ID }))).toBe('malformed');
  });

  it('refuses a fetch action whose JSON body is not UTF-8 or not JSON', async () => {
    const post = (body: BodyInit) => new Request('http://localhost/', { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', 'next-action': ID }, body });
    expect(await problem(post(new Uint8Array([0xff, 0xfe, 0x5b])))).toBe('malformed');
    expect(await problem(post('[[[[['))).toBe('malformed');
    expect(await problem(post('["$@1"]'))).toBe('malformed');
  });
});
