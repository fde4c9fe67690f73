import 'server-only';
import type { Db } from '@/db/client';
import { streamDocumentContent, type DocumentHead } from '@/lib/data/cases/documents';

/** `filename*` for any name, and a plain ASCII `filename` for old clients. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A document streamed from the database in chunks, with the type found at upload; never sniffed by the browser. */
export function documentResponse(db: Db, document: DocumentHead, cacheControl: string): Response {
  return new Response(streamDocumentContent(db, document.id, document.size), {
    headers: {
      'Content-Type': document.contentType,
      'Content-Length': String(document.size),
      'Content-Disposition': contentDisposition(document.name),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': cacheControl,
      ETag: `"${document.sha256}"`,
    },
  });
}

export function documentNotFound(): Response {
  return new Response('見つかりません', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
