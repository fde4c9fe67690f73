import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaff, StaffAccessDenied, type StaffActor } from '@/lib/auth/require-staff';
import { getHeldPersonalData } from '@/lib/retention/requests';
import { WHOLE_CASE } from '@/lib/format/item-label';
import { receiptNumberField } from '@/lib/validation/retention';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'cache-control': 'private, no-store' };

/** 開示: everything held about one submission, as a JSON file for the resident (?receipt=…); audited. */
export async function GET(request: Request): Promise<Response> {
  let actor: StaffActor;
  try {
    actor = await requireStaff('personal-data.erase');
  } catch (error) {
    if (error instanceof StaffAccessDenied) return new Response(null, { status: error.reason === 'anonymous' ? 401 : 403, headers: NO_STORE });
    throw error;
  }
  const receipt = receiptNumberField.safeParse(new URL(request.url).searchParams.get('receipt') ?? '');
  if (!receipt.success) return new Response(null, { status: 404, headers: NO_STORE });
  const held = await getHeldPersonalData(await requestDb(), actor, receipt.data, 'exported', await requestIpHash());
  if (!held) return new Response(null, { status: 404, headers: NO_STORE });
  const body = {
    受付番号: held.receiptNumber,
    案件: held.consultation.title,
    提出方法: held.channel,
    受付日時: held.receivedAt,
    提出者: { 氏名: held.submitter.name, 住所: held.submitter.address, 区分: held.submitter.category, メールアドレス: held.submitter.email },
    IPアドレスのハッシュ: held.ipHashHeld ? '保有（復元できない形で保存）' : 'なし',
    個人情報の削除日時: held.erasedAt,
    意見: held.opinions.map((o) => ({ 改訂箇所: o.itemNumber ?? WHOLE_CASE, 本文: o.text })),
    送信したメール: held.mails.map((m) => ({ 宛先: m.recipient, 件名: m.subject, 本文: m.body, 状態: m.status, 送信日時: m.sentAt })),
  };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, {
    headers: { ...NO_STORE, 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="personal-data-${held.receiptNumber}.json"` },
  });
}
