import Link from 'next/link';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { Period } from '@/components/period';
import { Phrases } from '@/components/phrases';
import { StatusBadge } from '@/components/status-badge';
import { consultationStatus, type ConsultationStatus, type PublicConsultation } from '@/lib/data/consultations';
import { readPublicConsultations } from '@/lib/data/public-reads';
import { localeHref } from '@/lib/i18n/server';

const SECTIONS: ConsultationStatus[] = ['open', 'upcoming', 'closed'];

export default async function HomePage() {
  // Which section a case is in depends on the time of the request.
  await connection();
  const t = await getTranslations('home');
  const now = new Date();
  const consultations = await readPublicConsultations();

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {SECTIONS.map((status) => {
        const inSection = consultations.filter((c) => consultationStatus(c, now) === status);
        return (
          <section key={status} aria-labelledby={`section-${status}`}>
            <h2 id={`section-${status}`}>{t(status)}</h2>
            {inSection.length === 0 ? (
              <p>{t('none')}</p>
            ) : (
              <ul className="case-list">
                {inSection.map((c) => (
                  <ConsultationCard key={c.slug} consultation={c} status={status} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}

async function ConsultationCard({ consultation: c, status }: { consultation: PublicConsultation; status: ConsultationStatus }) {
  const t = await getTranslations('home');
  const href = await localeHref();
  return (
    <li className="case-card">
      <h3>
        <StatusBadge status={status} />
        <Link href={href(`/consultations/${c.slug}`)} lang="ja">
          <Phrases text={c.title} />
        </Link>
      </h3>
      <dl className="facts">
        <dt>{t('period')}</dt>
        <dd>
          <Period opensAt={c.opensAt} closesAt={c.closesAt} />
        </dd>
        <dt>{t('department')}</dt>
        <dd lang="ja">{c.department}</dd>
      </dl>
      <p>{t('items', { count: c.itemCount })}</p>
    </li>
  );
}
