import { getTranslations } from 'next-intl/server';
import { documentTypeLabel, formatFileSize } from '@/lib/cases/document-type';
import type { PublicConsultationWithItems } from '@/lib/data/consultations';

/** 提出方法 other than the web form, 問い合わせ先 and 資料: the parts of a case page staff fill in. */
export async function CaseSubmissionInfo({ consultation, documentHref }: { consultation: PublicConsultationWithItems; documentHref: (id: number) => string }) {
  const t = await getTranslations('consultation');
  const { channels } = consultation;
  const rows = (
    [
      ['channelPost', channels.postalAddress],
      ['channelFax', channels.fax],
      ['channelEmail', channels.email],
      ['channelCounter', channels.counter],
    ] as const
  ).filter(([, value]) => value !== '');
  return (
    <>
      {rows.length > 0 && (
        <dl className="facts" data-testid="case-channels">
          {rows.map(([key, value]) => (
            <div key={key} className="contents">
              <dt>{t(key)}</dt>
              <dd className="pre-line" lang="ja">
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {consultation.howToSubmit !== '' && (
        <p className="pre-line" lang="ja">
          {consultation.howToSubmit}
        </p>
      )}
      {consultation.documents.length > 0 && (
        <>
          <h2 id="documents">{t('documents')}</h2>
          <ul data-testid="case-documents">
            {consultation.documents.map((d) => (
              <li key={d.id}>
                <a href={documentHref(d.id)} download lang="ja">
                  {d.name}
                </a>{' '}
                {t('documentMeta', { type: documentTypeLabel(d.contentType), size: formatFileSize(d.size) })}
              </li>
            ))}
          </ul>
        </>
      )}
      {consultation.contact !== '' && (
        <>
          <h2 id="contact">{t('contact')}</h2>
          <p className="pre-line" lang="ja" data-testid="case-contact">
            {consultation.contact}
          </p>
        </>
      )}
    </>
  );
}
