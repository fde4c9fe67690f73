import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CaseForm } from '@/components/staff/case-form';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requireStaffPage } from '@/lib/auth/staff';
import { caseFormValues } from '@/lib/cases/case-form-values';
import { suggestSlug } from '@/lib/cases/slug-suggestion';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('caseAdmin');
  return { title: t('newTitle') };
}

export default async function NewCasePage() {
  await requireStaffPage('consultation.manage');
  const t = await getTranslations('caseAdmin');
  return (
    <>
      <h1>{t('newTitle')}</h1>
      <StaffIntl>
        <CaseForm values={caseFormValues(null, suggestSlug('', new Date()))} />
      </StaffIntl>
    </>
  );
}
