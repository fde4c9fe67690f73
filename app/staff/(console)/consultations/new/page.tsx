import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { CaseForm } from '@/components/staff/case-form';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/require-staff';
import { caseFormValues } from '@/lib/cases/case-form-values';
import { suggestSlug } from '@/lib/cases/slug-suggestion';
import { departmentsForCaseForm } from '@/lib/data/departments/departments';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('caseAdmin');
  return { title: t('newTitle') };
}

export default async function NewCasePage() {
  const actor = await requireStaffPage('consultation.manage');
  const departments = await departmentsForCaseForm(await requestDb(), actor);
  const t = await getTranslations('caseAdmin');
  return (
    <>
      <h1>{t('newTitle')}</h1>
      <StaffIntl>
        <CaseForm values={caseFormValues(null, suggestSlug('', new Date()))} departments={departments} />
      </StaffIntl>
    </>
  );
}
