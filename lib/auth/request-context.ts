import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { cookies, headers } from 'next/headers';
import { processDb, type Db } from '@/db/client';
import { isSecureRequest } from '@/lib/security/https';
import { sessionCookieName } from './session';

/**
 * What a staff request needs from outside: the database, the session token and the request's
 * headers. In the app they come from Next.js; Vitest runs actions inside
 * `runWithRequestContext` with a test database and a chosen session token, so the very same
 * code path (requireStaff → staffFromSessionToken) is exercised without a server.
 */
type RequestContext = { db: Db; sessionToken: string | null; headers: Headers };

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, run: () => Promise<T>): Promise<T> {
  return storage.run(context, run);
}

/**
 * The database of the request being served: the test's own when it runs the request inside
 * runWithRequestContext, otherwise the process's (processDb). Pages, route handlers and actions
 * read and write through this one.
 */
export async function requestDb(): Promise<Db> {
  return storage.getStore()?.db ?? processDb();
}

export async function requestHeaders(): Promise<Headers> {
  const store = storage.getStore();
  if (store) return store.headers;
  return new Headers(await headers());
}

export async function getSessionToken(): Promise<string | null> {
  const store = storage.getStore();
  if (store) return store.sessionToken;
  const secure = isSecureRequest(await requestHeaders());
  return (await cookies()).get(sessionCookieName(secure))?.value ?? null;
}
