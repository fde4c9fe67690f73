import { and, eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, consultationDocuments } from '@/db/schema';
import { runWithRequestContext } from '@/lib/auth/request-context';
import { DOCUMENT_MAX_BYTES } from '@/lib/cases/document-type';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createCaseWithInsiderAndOutsider } from '@/lib/testing/staff-with-session';
import { POST } from './route';

/** A multipart body that counts how many of its chunks were read, and ends only past the limit. */
function countedBody() {
  const chunk = new Uint8Array(1024 * 1024).fill(0x25);
  const counter = { chunks: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        counter.chunks += 1;
        if (counter.chunks * chunk.byteLength > DOCUMENT_MAX_BYTES * 2) controller.close();
        else controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

describe.each(testDrivers())('POST /api/staff/consultations/[slug]/documents on %s', (driver) => {
  let handle: DbHandle;
  let slug: string;
  let caseId: number;
  let outsider: { userId: string; sessionToken: string };
  let insider: { userId: string; sessionToken: string };

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    ({ slug, caseId, insider, outsider } = await createCaseWithInsiderAndOutsider(handle.db));
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function post(sessionToken: string, caseSlug: string) {
    const { stream, counter } = countedBody();
    const request = new NextRequest(`http://localhost/api/staff/consultations/${caseSlug}/documents`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: stream,
      duplex: 'half',
      // Node's fetch needs it for a stream body; Next's RequestInit type does not list it.
    } as ConstructorParameters<typeof NextRequest>[1]);
    const response = await runWithRequestContext({ db: handle.db, sessionToken, headers: new Headers() }, () => POST(request, { params: Promise.resolve({ slug: caseSlug }) }));
    return { status: response.status, location: response.headers.get('location'), chunksRead: counter.chunks };
  }

  it("answers another department's reviewer 404 before reading the body, like an unknown case, stores nothing and audits the attempt", async () => {
    expect(await post(outsider.sessionToken, slug)).toEqual({ status: 404, location: null, chunksRead: 0 });
    expect(await post(outsider.sessionToken, 'no-such-case')).toEqual({ status: 404, location: null, chunksRead: 0 });
    expect(await handle.db.select().from(consultationDocuments).where(eq(consultationDocuments.consultationId, caseId))).toEqual([]);
    const denials = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.access_denied'), eq(auditLog.actorId, outsider.userId)));
    expect(denials.map((d) => [d.targetType, d.targetId])).toEqual([['consultation', String(caseId)]]);
  });

  it("reads the body of the case's department's reviewer, up to the limit", async () => {
    const answer = await post(insider.sessionToken, slug);
    expect(answer).toMatchObject({ status: 303, location: `/staff/consultations/${slug}/settings?document=tooLarge#documents` });
    expect(answer.chunksRead).toBeGreaterThan(DOCUMENT_MAX_BYTES / (1024 * 1024));
  });
});
