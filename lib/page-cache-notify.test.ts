import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DbHandle } from '@/db/client';
import { consultations, rateLimits, resultPublications, revisionItems } from '@/db/schema';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { PAGE_CACHE_CHANNEL } from './page-cache-contract.mjs';

// What every instance's page cache hears (lib/page-cache-listener.ts): migration 0012's
// triggers announce each change to public content on the contract's channel, and only that.

/** Notifications as they arrive; `next()` resolves with the next one (or fails after 5 s). */
function inbox() {
  const payloads: string[] = [];
  const waiting: ((payload: string) => void)[] = [];
  return {
    listens: 0,
    push(payload: string) {
      const resolve = waiting.shift();
      if (resolve) resolve(payload);
      else payloads.push(payload);
    },
    next(): Promise<string> {
      const queued = payloads.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no notification within 5 s')), 5_000);
        waiting.push((payload) => (clearTimeout(timer), resolve(payload)));
      });
    },
  };
}

describe.each(testDrivers())('page cache notifications (%s)', (driver) => {
  let handle: DbHandle;
  const heard = inbox();
  const marker = (label: string) => handle.db.execute(sql`select pg_notify(${PAGE_CACHE_CHANNEL}, ${label})`);

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    await handle.listen(PAGE_CACHE_CHANNEL, (payload) => heard.push(payload), () => heard.listens++);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a new case, a case edit, a re-import of items and a publication each announce a change', async () => {
    expect(heard.listens).toBe(1);
    const c = await handle.db.transaction((tx) => createTestConsultation(tx, { items: 2 }));
    // One transaction, however many statements fired, is one notification.
    expect(await heard.next()).toBe('');
    await marker('after-create');
    expect(await heard.next()).toBe('after-create');

    await handle.db.update(consultations).set({ title: '改めた題名' }).where(eq(consultations.id, c.id));
    expect(await heard.next()).toBe('');
    await handle.db.update(revisionItems).set({ heading: '改めた見出し' }).where(eq(revisionItems.consultationId, c.id));
    expect(await heard.next()).toBe('');
    await handle.db.insert(resultPublications).values({ consultationId: c.id, version: 1, publishedBy: 'test', snapshot: {} as never });
    expect(await heard.next()).toBe('');
    await marker('after-publication');
    expect(await heard.next()).toBe('after-publication');
  });

  it('work that public pages do not show announces nothing', async () => {
    await handle.db.insert(rateLimits).values({ key: `notify-${driver}`, windowStart: new Date(), count: 1 });
    await marker('after-rate-limit');
    expect(await heard.next()).toBe('after-rate-limit');
  });

  it.runIf(driver === 'postgres')('listens again after its connection was cut, and says so (the cache is emptied then)', async () => {
    const [listener] = await queryRows<{ pid: number }>(
      handle.db,
      sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
    );
    expect(listener?.pid).toBeGreaterThan(0);
    await handle.db.execute(sql`select pg_terminate_backend(${listener!.pid})`);
    const deadline = Date.now() + 10_000;
    while (heard.listens < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard.listens).toBe(2);
    await marker('after-reconnect');
    expect(await heard.next()).toBe('after-reconnect');
  });
});
