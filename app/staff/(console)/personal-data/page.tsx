import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { decideErasureAction } from '@/lib/actions/staff/decide-erasure';
import { requestErasureAction } from '@/lib/actions/staff/request-erasure';
import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaffPage } from '@/lib/auth/require-staff';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { getHeldPersonalData, listOpenErasureRequests } from '@/lib/retention/requests';
import { receiptNumberField } from '@/lib/validation/retention';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('personalData');
  return { title: t('title'), referrer: 'no-referrer' };
}

/** A resident's 開示・削除 request, found by receipt number: what is held, export, deletion with four eyes. */
export default async function PersonalDataPage({ searchParams }: { searchParams: Promise<{ receipt?: string | string[] }> }) {
  const actor = await requireStaffPage('personal-data.erase');
  const t = await getTranslations('personalData');
  const db = await requestDb();
  const { receipt } = await searchParams;
  const typed = typeof receipt === 'string' ? receipt : '';
  const parsed = typed ? receiptNumberField.safeParse(typed) : null;
  const held = parsed?.success ? await getHeldPersonalData(db, actor, parsed.data, 'viewed', await requestIpHash()) : null;
  const open = await listOpenErasureRequests(db, actor);
  const openRequest = held?.requests.find((r) => r.status === 'requested');
  const searchError = parsed && !parsed.success ? t('receiptInvalid') : parsed?.success && !held ? t('receiptUnknown') : null;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>

      <section aria-labelledby="open-requests">
        <h2 id="open-requests">{t('openRequests')}</h2>
        {open.length === 0 ? (
          <p>{t('noOpenRequests')}</p>
        ) : (
          <ul>
            {open.map((r) => (
              <li key={r.id}>
                <a href={`/staff/personal-data?receipt=${encodeURIComponent(r.receiptNumber)}`}>{r.receiptNumber}</a> — {t('requestedBy', { name: r.requestedByName, at: formatJapaneseDateTime(new Date(r.requestedAt)) })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <form method="get" action="/staff/personal-data" role="search" className="filters">
        <div className="field">
          <label htmlFor="receipt">{t('receipt')}</label>
          {searchError && (
            <p id="receipt-error" className="field-error">
              {searchError}
            </p>
          )}
          <input id="receipt" name="receipt" type="text" defaultValue={typed} maxLength={40} autoComplete="off" aria-invalid={searchError ? true : undefined} aria-describedby={searchError ? 'receipt-error' : undefined} />
        </div>
        <Button type="submit">{t('search')}</Button>
      </form>

      {held && (
        <section aria-labelledby="held">
          <h2 id="held">{t('heldTitle', { receipt: held.receiptNumber })}</h2>
          {held.erasedAt && (
            <p className="notice" role="status">
              {t('erasedAt', { at: formatJapaneseDateTime(new Date(held.erasedAt)) })}
            </p>
          )}
          <dl data-testid="held-data">
            <dt>{t('consultation')}</dt>
            <dd>{held.consultation.title}</dd>
            <dt>{t('receivedAt')}</dt>
            <dd>{formatJapaneseDateTime(new Date(held.receivedAt))}</dd>
            <dt>{t('name')}</dt>
            <dd>{held.submitter.name || t('none')}</dd>
            <dt>{t('address')}</dt>
            <dd>{held.submitter.address || t('none')}</dd>
            <dt>{t('category')}</dt>
            <dd>{held.submitter.category ?? t('none')}</dd>
            <dt>{t('email')}</dt>
            <dd>{held.submitter.email ?? t('none')}</dd>
            <dt>{t('ipHash')}</dt>
            <dd>{held.ipHashHeld ? t('ipHashHeld') : t('none')}</dd>
            <dt>{t('mails')}</dt>
            <dd>{t('mailCount', { count: held.mails.filter((m) => m.body !== '').length })}</dd>
          </dl>
          <h3>{t('opinions')}</h3>
          <ol>
            {held.opinions.map((o, i) => (
              <li key={i}>
                <p>{o.itemNumber === null ? t('whole') : t('item', { number: o.itemNumber })}</p>
                <p className="opinion-text">{o.text}</p>
              </li>
            ))}
          </ol>
          <p>
            <a href={`/api/staff/personal-data/export?receipt=${encodeURIComponent(held.receiptNumber)}`} download>
              {t('export')}
            </a>
          </p>

          <StaffIntl>
            {!held.erasedAt && !openRequest && (
              <StaffForm name="erasure-request" action={requestErasureAction} label={t('requestTitle')}>
                <h3>{t('requestTitle')}</h3>
                <input type="hidden" name="receiptNumber" value={held.receiptNumber} />
                <div className="field">
                  <label htmlFor="erasure-reason">{t('reason')}</label>
                  <p id="erasure-reason-hint" className="hint">
                    {t('reasonHint')}
                  </p>
                  <textarea id="erasure-reason" name="reason" rows={3} maxLength={500} aria-describedby="erasure-reason-hint" />
                </div>
                <Button type="submit">{t('requestButton')}</Button>
              </StaffForm>
            )}
            {openRequest && (
              <section aria-labelledby="decide">
                <h3 id="decide">{t('decideTitle')}</h3>
                <p>{t('requestedBy', { name: openRequest.requestedByName, at: formatJapaneseDateTime(new Date(openRequest.requestedAt)) })}</p>
                <p>{t('reasonShown', { reason: openRequest.reason })}</p>
                {openRequest.requestedBy === actor.id ? (
                  <p className="notice">{t('ownRequestNote')}</p>
                ) : (
                  <>
                    <StaffForm name="erasure-decision" action={decideErasureAction} label={t('approveButton')}>
                      <input type="hidden" name="requestId" value={openRequest.id} />
                      <input type="hidden" name="decision" value="approve" />
                      <Button type="submit">{t('approveButton')}</Button>
                    </StaffForm>
                    <StaffForm name="erasure-decision" action={decideErasureAction} label={t('rejectButton')}>
                      <input type="hidden" name="requestId" value={openRequest.id} />
                      <input type="hidden" name="decision" value="reject" />
                      <Button type="submit">{t('rejectButton')}</Button>
                    </StaffForm>
                  </>
                )}
              </section>
            )}
          </StaffIntl>
        </section>
      )}
    </>
  );
}
