export const dynamic = 'force-dynamic';

/**
 * Liveness: the process answers HTTP, without asking the database (GET /api/health is readiness:
 * 200 only with the database). For a supervisor that restarts a hung process, and the empty
 * route bench:submit compares the submission path with (the framework's own cost per request).
 */
export function GET() {
  return Response.json({ status: 'alive' }, { headers: { 'Cache-Control': 'no-store' } });
}
