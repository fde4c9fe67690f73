import { checkDatabase } from '@/lib/data/health';
import { describeErrorForLog } from '@/lib/log/redact';

export const dynamic = 'force-dynamic';

const TIMEOUT_MS = 2_000;

export async function GET() {
  try {
    await checkDatabase(TIMEOUT_MS);
    return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error('health check: database unavailable', describeErrorForLog(error));
    return Response.json({ status: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
