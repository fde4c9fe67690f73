import { getTranslations } from 'next-intl/server';
import type { ConsultationStatus } from '@/lib/data/consultations';

export async function StatusBadge({ status }: { status: ConsultationStatus }) {
  const t = await getTranslations('status');
  return <span className={`badge badge-${status}`}>{t(status)}</span>;
}
