import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { Disclosure } from '@/components/ui/disclosure';
import { roleHasPermission } from '@/lib/auth/permissions';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { listTemplates, type TemplateVersionView, type TemplateView } from '@/lib/data/results/templates';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { TemplateForm } from './template-form';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffTemplates');
  return { title: t('title') };
}

/** 定型文 of the case and of the city: added, edited (a new version each time), earlier versions shown. */
export default async function TemplatesPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('response.draft', slug);
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  const list = consultation ? await listTemplates(db, actor, consultation.id) : null;
  if (!consultation || !list) notFound();
  const t = await getTranslations('staffTemplates');
  const canEditCity = roleHasPermission(actor.role, 'response.approve');
  const section = (scope: 'case' | 'city', heading: string) => {
    const templates = list.templates.filter((x) => x.scope === scope);
    return (
      <section aria-labelledby={`templates-${scope}`}>
        <h2 id={`templates-${scope}`}>{heading}</h2>
        {scope === 'city' && !canEditCity && <p className="hint">{t('cityReadOnly')}</p>}
        {templates.length === 0 && <p>{t('none')}</p>}
        {templates.map((template) => (
          <TemplateEntry key={template.id} slug={slug} template={template} versions={list.versions.get(template.id) ?? []} editable={scope === 'case' || canEditCity} t={t} />
        ))}
      </section>
    );
  };
  return (
    <StaffIntl>
      <p>
        <Link href={`/staff/consultations/${slug}/responses`}>{t('backToResponses')}</Link>
      </p>
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      {section('case', t('caseHeading'))}
      {section('city', t('cityHeading'))}
      <section aria-labelledby="templates-new">
        <h2 id="templates-new">{t('newHeading')}</h2>
        <TemplateForm slug={slug} canEditCity={canEditCity} />
      </section>
    </StaffIntl>
  );
}

type TemplatesT = Awaited<ReturnType<typeof getTranslations<'staffTemplates'>>>;

function TemplateEntry({ slug, template, versions, editable, t }: { slug: string; template: TemplateView; versions: TemplateVersionView[]; editable: boolean; t: TemplatesT }) {
  return (
    <article className="template" aria-labelledby={`template-${template.id}-heading`}>
      <h3 id={`template-${template.id}-heading`}>{template.title}</h3>
      {editable ? <TemplateForm slug={slug} template={template} canEditCity /> : <p className="opinion-text">{template.body}</p>}
      <Disclosure summary={t('history')}>
        <ol className="template-versions">
          {versions.map((v) => (
            <li key={v.version}>
              <p>{t('versionLabel', { version: v.version, at: formatJapaneseDateTime(v.savedAt) })}</p>
              <p>
                <strong>{v.title}</strong>
              </p>
              <p className="opinion-text">{v.body}</p>
            </li>
          ))}
        </ol>
      </Disclosure>
    </article>
  );
}
