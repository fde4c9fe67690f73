import { requestDb } from '@/lib/auth/request-context';
import { kickOutbox } from '@/lib/email/outbox-worker';
import { translateCommentErrors } from '@/lib/i18n/translate';
import { describeErrorForLog } from '@/lib/log/redact';
import { handleSubmissionRequest, SUBMISSION_API_HEADERS } from '@/lib/submissions/api';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const { response, result } = await handleSubmissionRequest(await requestDb(), request, (await params).slug);
    if (result?.ok && !result.replayed) kickOutbox();
    return response;
  } catch (error) {
    // Never the body nor a query's parameters: they hold personal data.
    console.error('submission API failed', describeErrorForLog(error));
    return Response.json(
      { error: 'server', message: translateCommentErrors('server') },
      { status: 503, headers: { ...SUBMISSION_API_HEADERS, 'Retry-After': '30' } },
    );
  }
}
