import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { cookies, headers } from 'next/headers';
import { getDb, type Db } from '@/db/client';
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

export async function appDb(): Promise<Db> {
  return storage.getStore()?.db ?? getDb();
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
