import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { paperFormSettings } from '@/lib/data/triage/paper';
import { itemOptions } from '@/lib/data/triage/labels';
import { isoDateInJapan } from '@/lib/format/japanese-date';
import { PAPER_CHANNELS, PAPER_OPINION_ROWS } from '@/lib/validation/triage';
import { PaperForm } from './paper-form';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('triagePaper');
  return { title: t('title', { title: '' }) };
}

export default async function PaperEntryPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('submission.triage', slug);
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  if (!consultation) notFound();
  const settings = await paperFormSettings(db, actor, consultation.id);
  if (!settings) notFound();
  const t = await getTranslations('triagePaper');
  const tt = await getTranslations('triage');
  return (
    <StaffIntl>
      <p>
        <Link href={`/staff/consultations/${slug}`}>{tt('backToInbox')}</Link>
      </p>
      <h1>{t('title', { title: consultation.title })}</h1>
      <p>{t('lead')}</p>
      <PaperForm
        consultation={slug}
        channels={PAPER_CHANNELS.map((c) => ({ value: c, label: tt(`channels.${c}`) }))}
        categories={settings.categories}
        items={itemOptions(consultation)}
        rows={PAPER_OPINION_ROWS}
        today={isoDateInJapan(new Date())}
      />
    </StaffIntl>
  );
}
