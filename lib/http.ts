/** Public open data may be read from any origin; it carries no credentials and no personal data. */
export const PUBLIC_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
} as const;

export function publicJson(body: unknown, init: { status?: number } = {}): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { ...PUBLIC_CORS_HEADERS, 'Cache-Control': 'public, max-age=60' },
  });
}

export function publicPreflight(): Response {
  return new Response(null, { status: 204, headers: PUBLIC_CORS_HEADERS });
}
