import 'server-only';
import { processDbHandle } from '@/db/client';
import { clearPageCache, hasPageCache } from './page-cache';
import { PAGE_CACHE_CHANNEL } from './page-cache-contract.mjs';

/**
 * Keeps this instance's page cache true to the database: migration 0012's triggers NOTIFY on
 * every change to public content (a publication, a case edit, a re-import, from any instance or
 * script), and each notification empties the cache here. When the listening connection comes
 * back after an outage, the cache is emptied too, since notifications sent meanwhile are lost;
 * PAGE_CACHE_SECONDS bounds what is missed any other way. Started once per server process
 * (instrumentation.ts); without server.mjs's cache there is nothing to keep true.
 */
export async function startPageCacheListener(): Promise<void> {
  if (!hasPageCache()) return;
  const handle = await processDbHandle();
  await handle.listen(PAGE_CACHE_CHANNEL, () => clearPageCache(), clearPageCache);
}
