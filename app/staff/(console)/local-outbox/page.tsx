import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requestDb } from '@/lib/auth/request-context';
import { requestIpHash, requireStaffPage } from '@/lib/auth/require-staff';
import { listLocalOutbox } from '@/lib/email/local-outbox';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('localOutbox');
  return { title: t('title'), referrer: 'no-referrer' };
}

/** Mail an install without SMTP could not send, for admins only; 404 wherever mail is configured. */
export default async function LocalOutboxPage() {
  const actor = await requireStaffPage('staff.manage');
  const mails = await listLocalOutbox(await requestDb(), actor, await requestIpHash());
  if (!mails) notFound();
  const t = await getTranslations('localOutbox');
  return (
    <>
      <h1>{t('title')}</h1>
      <div className="notice" role="note">
        <p>
          <strong>{t('localOnly')}</strong>
        </p>
        <p>{t('lead')}</p>
      </div>
      {mails.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ol className="local-outbox">
          {mails.map((mail) => (
            <li key={mail.id}>
              <article aria-labelledby={`mail-${mail.id}`}>
                <h2 id={`mail-${mail.id}`}>{mail.subject}</h2>
                <dl>
                  <dt>{t('recipient')}</dt>
                  <dd>{mail.recipient}</dd>
                  <dt>{t('kind')}</dt>
                  <dd>{t.has(`kinds.${mail.kind}`) ? t(`kinds.${mail.kind}`) : mail.kind}</dd>
                  <dt>{t('createdAt')}</dt>
                  <dd>{formatJapaneseDateTime(new Date(mail.createdAt))}</dd>
                </dl>
                <pre className="mail-body" tabIndex={0} aria-label={t('body')}>
                  {mail.body}
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
