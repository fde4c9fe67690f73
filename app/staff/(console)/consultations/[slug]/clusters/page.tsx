import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { StaffIntl } from '@/components/staff/staff-intl';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { getConsultationAnalysis, opinionTexts } from '@/lib/data/analysis/read';
import { getConsultationForTriage } from '@/lib/data/triage/inbox';
import { ClusterRenameForm, ClusterTargetForm } from './cluster-forms';
import { itemLabelIn } from '@/lib/format/item-label';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

/** Members shown per cluster (the staff JSON has them all). */
const SHOWN = 20;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('analysis');
  return { title: t('clustersTitle', { title: '' }) };
}

/** 意見の分類: the analysis' clusters per item, renamed, merged and rearranged by staff (kept across re-runs). */
export default async function ClustersPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('submission.triage', slug);
  const db = await requestDb();
  const consultation = await getConsultationForTriage(db, actor, slug);
  const analysis = consultation ? await getConsultationAnalysis(db, actor, slug, { personalData: false }) : null;
  if (!consultation || !analysis) notFound();
  const t = await getTranslations('analysis');
  const tt = await getTranslations('triage');
  const members = new Map<string, number[]>();
  for (const o of analysis.opinions) if (o.clusterKey) members.set(o.clusterKey, [...(members.get(o.clusterKey) ?? []), o.id]);
  const receipts = new Map(analysis.opinions.map((o) => [o.id, o.receiptNumber]));
  const shown = [...members.values()].flatMap((ids) => ids.slice(0, SHOWN));
  const texts = new Map((await opinionTexts(db, actor, consultation.id, shown)).map((o) => [o.id, o]));
  const name = (c: (typeof analysis.clusters)[number]) => c.label.join('・') || c.key;
  const items = [...new Set(analysis.clusters.map((c) => c.itemNumber))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const heading = (n: number | null) => itemLabelIn(consultation.items, n);

  return (
    <StaffIntl>
      <p>
        <Link href={`/staff/consultations/${slug}`}>{tt('backToInbox')}</Link>
      </p>
      <h1>{t('clustersTitle', { title: consultation.title })}</h1>
      <p>{t('clustersLead')}</p>
      {analysis.clusters.length === 0 && <p>{t('clustersNone')}</p>}
      {items.map((itemNumber) => {
        const clusters = analysis.clusters.filter((c) => c.itemNumber === itemNumber).sort((a, b) => b.count - a.count);
        // Any other cluster of the case is a target: the analysis files general opinions under the item they resemble.
        const options = (except: string) => analysis.clusters.filter((c) => c.key !== except).map((c) => ({ value: c.key, label: t('clusterOption', { label: name(c), count: c.count }) }));
        return (
          <section key={String(itemNumber)} aria-labelledby={`clusters-${itemNumber ?? 'whole'}`}>
            <h2 id={`clusters-${itemNumber ?? 'whole'}`}>{heading(itemNumber)}</h2>
            {clusters.map((c) => {
              const ids = members.get(c.key) ?? [];
              const representative = c.representative !== null ? texts.get(c.representative) : undefined;
              return (
                <article key={c.key} className="cluster" aria-labelledby={`cluster-${c.key}`} data-cluster={c.key}>
                  <h3 id={`cluster-${c.key}`}>{t('clusterHeading', { label: name(c), count: c.count })}</h3>
                  {representative && (
                    <>
                      <h4>{t('clusterRepresentative')}</h4>
                      <blockquote className="passage">{representative.text}</blockquote>
                    </>
                  )}
                  <ClusterRenameForm consultation={slug} cluster={c.key} label={name(c)} />
                  {analysis.clusters.length > 1 && <ClusterTargetForm consultation={slug} decision="merge" cluster={c.key} label={t('clusterMergeInto')} targets={options(c.key)} />}
                  <h4>{t('clusterMembers', { count: ids.length, shown: Math.min(ids.length, SHOWN) })}</h4>
                  <ul className="cluster-members">
                    {ids.slice(0, SHOWN).map((id) => {
                      const opinion = texts.get(id);
                      return (
                        <li key={id} data-opinion-id={id}>
                          <Link href={`/staff/consultations/${slug}/submissions/${opinion?.submissionId ?? ''}`}>{receipts.get(id)}</Link>
                          <p className="opinion-text">{opinion?.text}</p>
                          {analysis.clusters.length > 1 && (
                            <ClusterTargetForm consultation={slug} decision="move" cluster={c.key} opinionId={id} label={t('clusterMoveTo', { receipt: receipts.get(id) ?? '', id })} targets={options(c.key)} />
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </article>
              );
            })}
          </section>
        );
      })}
    </StaffIntl>
  );
}
