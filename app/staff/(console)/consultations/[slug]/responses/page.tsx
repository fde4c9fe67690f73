import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { DiffText } from '@/components/diff-text';
import { CaseNav } from '@/components/staff/case-nav';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Disclosure } from '@/components/ui/disclosure';
import { Select } from '@/components/ui/select';
import { Table } from '@/components/ui/table';
import { JapaneseDate } from '@/components/japanese-date';
import { approveResponseAction } from '@/lib/actions/staff/approve-response';
import { createResponseGroupAction } from '@/lib/actions/staff/create-response-group';
import { deleteResponseGroupAction } from '@/lib/actions/staff/delete-response-group';
import { publishResultsAction } from '@/lib/actions/staff/publish-results';
import { removeGroupMemberAction } from '@/lib/actions/staff/remove-group-member';
import { returnResponseAction } from '@/lib/actions/staff/return-response';
import { saveItemAmendmentAction } from '@/lib/actions/staff/save-item-amendment';
import { saveResponseDraftAction } from '@/lib/actions/staff/save-response-draft';
import { submitResponseAction } from '@/lib/actions/staff/submit-response';
import { roleHasPermission } from '@/lib/auth/permissions';
import { requestDb } from '@/lib/auth/request-context';
import { requireStaffCasePage } from '@/lib/auth/require-staff';
import { draftSources, listTemplates, type ResponseSource, type TemplateView } from '@/lib/data/results/templates';
import { getResponseWorkspace, type WorkspaceGroup, type WorkspaceItem } from '@/lib/data/results/workspace';
import { formatJapaneseDateTime } from '@/lib/format/japanese-date';
import { charDiff } from '@/lib/text/char-diff';
import { itemLabel as itemLabelOf } from '@/lib/format/item-label';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffResponses');
  return { title: t('title') };
}

export default async function ResponsesPage({ params }: Props) {
  const { slug } = await params;
  const actor = await requireStaffCasePage('response.draft', slug);
  const t = await getTranslations('staffResponses');
  const tItem = await getTranslations('item');
  const workspace = await getResponseWorkspace(await requestDb(), actor, slug);
  const messages = await getMessages();
  const clientMessages = Object.fromEntries(['staffCommon', 'staffResponses', 'errors', 'commentErrors'].map((ns) => [ns, messages[ns]]));
  // Unknown, or outside the staff member's departments: the same 404.
  if (!workspace) notFound();
  const { consultation, readiness } = workspace;
  const db = await requestDb();
  const [templateList, sources] = await Promise.all([listTemplates(db, actor, consultation.id), draftSources(db, actor, consultation.id)]);
  const templates = templateList?.templates ?? [];
  const excerpt = (text: string) => (Array.from(text).length > 40 ? `${Array.from(text).slice(0, 40).join('')}…` : text).replace(/\s+/g, ' ');
  const canApprove = roleHasPermission(actor.role, 'response.approve');
  const canPublish = roleHasPermission(actor.role, 'result.publish');
  const marks = { deleted: tItem('deletedMark'), inserted: tItem('insertedMark'), end: tItem('markEnd'), lang: 'ja' };
  const itemLabel = (item: { itemNumber: number | null; heading: string | null }) => itemLabelOf(item.itemNumber, item.heading);
  const hidden = (name: string, value: string | number) => <input type="hidden" name={name} value={value} />;
  const common = (g: WorkspaceGroup) => (
    <>
      {hidden('groupId', g.id)}
      {hidden('version', g.version)}
      {hidden('consultation', slug)}
    </>
  );
  const at = (value: string | null) => (value ? formatJapaneseDateTime(new Date(value)) : '');

  const renderGroup = (g: WorkspaceGroup) => (
    <section key={g.id} className="response-group" aria-labelledby={`group-${g.id}`} data-testid={`group-${g.id}`}>
      <h4 id={`group-${g.id}`}>{t('groupHeading', { id: g.id, status: t(`statuses.${g.status}`) })}</h4>
      {g.status === 'returned' && g.returnRemark && <p className="notice">{t('returnedWith', { remark: g.returnRemark })}</p>}
      <h5>{t('members')}</h5>
      <ul className="members">
        {g.members.map((m) => (
          <li key={m.id}>
            <strong>{m.summary || t('noSummary')}</strong>
            {m.thirdPartyPersonalData && <span className="badge">{t('thirdParty')}</span>}
            <div className="opinion-text">{m.text}</div>
            {g.status !== 'approved' && (
              <StaffForm name="group-remove-member" action={removeGroupMemberAction} version={g.version} className="inline-form">
                {common(g)}
                {hidden('opinionId', m.id)}
                <Button type="submit" variant="tertiary" size="small">
                  {t('removeMember')}
                </Button>
              </StaffForm>
            )}
          </li>
        ))}
      </ul>
      <StaffForm name="response-draft" action={saveResponseDraftAction} version={g.version}>
        {common(g)}
        <div className="field">
          <label htmlFor={`response-${g.id}`}>{t('response')}</label>
          <textarea id={`response-${g.id}`} name="response" rows={4} defaultValue={g.response} />
        </div>
        <div className="field">
          <label htmlFor={`category-${g.id}`}>{t('category')}</label>
          <Select id={`category-${g.id}`} name="categoryCode" defaultValue={g.categoryCode ?? ''}>
            <option value="">{t('noCategory')}</option>
            {workspace.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} {c.label}
              </option>
            ))}
          </Select>
        </div>
        <InsertSource
          id={`source-${g.id}`}
          t={t}
          templates={templates}
          sources={sources?.get(g.id)}
          excerpt={excerpt}
        />
        <div className="button-row">
          <Button type="submit">{t('saveDraft')}</Button>
          <Button type="submit" variant="secondary" name="intent" value="insert">
            {t('insert')}
          </Button>
        </div>
      </StaffForm>
      <div className="button-row">
        {(g.status === 'draft' || g.status === 'returned') && (
          <StaffForm name="response-submit" action={submitResponseAction} version={g.version} className="inline-form">
            {common(g)}
            <Button type="submit">{t('submit')}</Button>
          </StaffForm>
        )}
        {canApprove && g.status === 'submitted' && !g.ownWork && (
          <StaffForm name="response-approve" action={approveResponseAction} version={g.version} className="inline-form">
            {common(g)}
            <Button type="submit">{t('approve')}</Button>
          </StaffForm>
        )}
        {canApprove && g.status === 'submitted' && g.ownWork && <p className="hint">{t('ownWork')}</p>}
        {g.status !== 'approved' && (
          <StaffForm name="group-delete" action={deleteResponseGroupAction} version={g.version} className="inline-form">
            {common(g)}
            <Button type="submit" variant="danger">
              {t('deleteGroup')}
            </Button>
          </StaffForm>
        )}
      </div>
      {canApprove && (g.status === 'submitted' || g.status === 'approved') && (
        <StaffForm name="response-return" action={returnResponseAction} version={g.version}>
          {common(g)}
          <div className="field">
            <label htmlFor={`remark-${g.id}`}>{t('returnRemark')}</label>
            <textarea id={`remark-${g.id}`} name="remark" rows={2} />
          </div>
          <Button type="submit">{t('return')}</Button>
        </StaffForm>
      )}
      <Disclosure summary={t('history')}>
        <ul>
          {g.draftedAt && <li>{t('historyDrafted', { name: g.draftedByName ?? '', at: at(g.draftedAt) })}</li>}
          {g.submittedAt && <li>{t('historySubmitted', { name: g.submittedByName ?? '', at: at(g.submittedAt) })}</li>}
          {g.returnedAt && <li>{t('historyReturned', { name: g.returnedByName ?? '', at: at(g.returnedAt) })}</li>}
          {g.approvedAt && <li>{t('historyApproved', { name: g.approvedByName ?? '', at: at(g.approvedAt) })}</li>}
        </ul>
      </Disclosure>
    </section>
  );

  const renderItem = (item: WorkspaceItem) => {
    const key = item.itemNumber ?? 'whole';
    const sameCount = new Map<number, number>();
    for (const s of item.suggestions) for (const id of s.opinionIds) sameCount.set(id, s.count);
    return (
      <section key={key} aria-labelledby={`item-${key}`} className="response-item" data-testid={`item-${key}`}>
        <h2 id={`item-${key}`}>{itemLabel(item)}</h2>
        {item.suggestions.length > 0 && (
          <section aria-labelledby={`suggestions-${key}`}>
            <h3 id={`suggestions-${key}`}>{t('suggestions')}</h3>
            <ul>
              {item.suggestions.map((s) => (
                <li key={s.opinionIds.join('-')}>
                  {s.kind === 'same' ? t('suggestionSame', { count: s.count }) : t('suggestionSimilar', { count: s.count })}
                  <StaffForm name="group-suggested" action={createResponseGroupAction} className="inline-form">
                    {hidden('consultation', slug)}
                    {hidden('itemNumber', item.itemNumber ?? '')}
                    {hidden('opinionIds', s.opinionIds.join(','))}
                    <Button type="submit">{t('groupThese', { count: s.count })}</Button>
                  </StaffForm>
                </li>
              ))}
            </ul>
          </section>
        )}
        {item.ungrouped.length > 0 && (
          <StaffForm name="group-create" action={createResponseGroupAction} label={`${itemLabel(item)} ${t('ungrouped')}`}>
            <h3>{t('ungrouped')}</h3>
            {hidden('consultation', slug)}
            {hidden('itemNumber', item.itemNumber ?? '')}
            <ul className="opinion-choices">
              {item.ungrouped.map((o) => (
                <li key={o.id}>
                  <input type="checkbox" id={`opinion-${o.id}`} name={`opinion-${o.id}`} />
                  <label htmlFor={`opinion-${o.id}`}>
                    <strong>{o.summary || t('noSummary')}</strong>
                    {sameCount.has(o.id) && <span className="badge">{t('suggestionSame', { count: sameCount.get(o.id)! })}</span>}
                    {o.thirdPartyPersonalData && <span className="badge">{t('thirdParty')}</span>}
                    <span className="opinion-text">{o.text}</span>
                  </label>
                </li>
              ))}
            </ul>
            <Button type="submit">{t('groupSelected')}</Button>
          </StaffForm>
        )}
        {item.groups.length > 0 && (
          <>
            <h3>{t('groups')}</h3>
            {item.groups.map(renderGroup)}
          </>
        )}
        {item.itemNumber !== null && (
          <section aria-labelledby={`amendment-${key}`}>
            <h3 id={`amendment-${key}`}>{t('amendment')}</h3>
            <StaffForm name="amendment" action={saveItemAmendmentAction} version={item.amendment?.version ?? 0}>
              {hidden('consultation', slug)}
              {hidden('itemNumber', item.itemNumber)}
              {hidden('version', item.amendment?.version ?? 0)}
              <Checkbox id={`changed-${key}`} name="changed" label={t('amendmentChanged')} defaultChecked={item.amendment?.changed ?? false} />
              <div className="field">
                <label htmlFor={`amended-${key}`}>{t('amendedText')}</label>
                <textarea id={`amended-${key}`} name="amendedText" rows={4} defaultValue={item.amendment?.changed ? item.amendment.amendedText : (item.afterText ?? '')} />
              </div>
              <div className="field">
                <label htmlFor={`note-${key}`}>{t('amendmentNote')}</label>
                <input type="text" id={`note-${key}`} name="note" defaultValue={item.amendment?.note ?? ''} />
              </div>
              <Button type="submit">{t('saveAmendment')}</Button>
            </StaffForm>
            {item.amendment?.changed && (
              <div className="amendment">
                <h4>{t('amendmentDiff')}</h4>
                <DiffText segments={charDiff(item.afterText ?? '', item.amendment.amendedText)} marks={marks} />
              </div>
            )}
          </section>
        )}
      </section>
    );
  };

  return (
    <NextIntlClientProvider messages={clientMessages}>
      <h1>{t('title')}</h1>
      <CaseNav slug={slug} current="responses" manages={roleHasPermission(actor.role, 'consultation.manage')} />
      <p>
        <Link href={`/staff/consultations/${slug}/templates`}>{t('templatesLink')}</Link>
      </p>
      <p>
        <Link href={`/consultations/${slug}`}>{consultation.title}</Link>
      </p>
      <p className="lead">{t('lead')}</p>
      <section aria-labelledby="publish-heading" className="publish-panel">
        <h2 id="publish-heading">{t('publishHeading')}</h2>
        <p data-testid="readiness">{t('readiness', { unanswered: readiness.unanswered, missing: readiness.missingSummary, published: readiness.published })}</p>
        {readiness.unreviewedPersonalData > 0 && (
          <p className="notice" data-testid="readiness-personal">
            {t('readinessPersonal', { count: readiness.unreviewedPersonalData })}
          </p>
        )}
        {workspace.excluded > 0 && <p>{t('excluded', { count: workspace.excluded })}</p>}
        {!readiness.closed && <p className="notice">{t('notClosed')}</p>}
        {canPublish && (
          <StaffForm name="publish" action={publishResultsAction}>
            {hidden('consultation', slug)}
            <Button type="submit">{t('publish')}</Button>
          </StaffForm>
        )}
        <h3>{t('published')}</h3>
        {workspace.publications.length === 0 ? (
          <p>{t('noPublications')}</p>
        ) : (
          <Table>
            <thead>
              <tr>
                <th scope="col">{t('colVersion')}</th>
                <th scope="col">{t('colPublishedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {workspace.publications.map((p) => (
                <tr key={p.version}>
                  <th scope="row">
                    <Link href={`/consultations/${slug}/results?version=${p.version}`}>{t('versionLink', { version: p.version })}</Link>
                  </th>
                  <td>
                    <JapaneseDate value={p.publishedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      {workspace.items.map(renderItem)}
    </NextIntlClientProvider>
  );
}

type ResponsesT = Awaited<ReturnType<typeof getTranslations<'staffResponses'>>>;

/** Where a draft can start from: the case's and the city's templates, earlier and similar responses. */
function InsertSource({
  id,
  t,
  templates,
  sources,
  excerpt,
}: {
  id: string;
  t: ResponsesT;
  templates: TemplateView[];
  sources: { sameItem: ResponseSource[]; similar: ResponseSource[] } | undefined;
  excerpt: (text: string) => string;
}) {
  const groupOption = (s: ResponseSource, similar: boolean) => (
    <option key={s.groupId} value={`group:${s.groupId}`}>
      {similar
        ? t('insertSimilarGroup', { case: s.caseTitle, id: s.groupId, similarity: (s.similarity ?? 0).toFixed(2), text: excerpt(s.response) })
        : t('insertGroup', { id: s.groupId, text: excerpt(s.response) })}
    </option>
  );
  return (
    <div className="field">
      <label htmlFor={id}>{t('insertLabel')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('insertHint')}
      </p>
      <Select id={id} name="source" defaultValue="" aria-describedby={`${id}-hint`}>
        <option value="">{t('insertNone')}</option>
        {(
          [
            ['case', t('insertCaseTemplates')],
            ['city', t('insertCityTemplates')],
          ] as const
        ).map(([scope, label]) => {
          const inScope = templates.filter((x) => x.scope === scope);
          return (
            inScope.length > 0 && (
              <optgroup key={scope} label={label}>
                {inScope.map((x) => (
                  <option key={x.id} value={`template:${x.id}`}>
                    {x.title}
                  </option>
                ))}
              </optgroup>
            )
          );
        })}
        {sources && sources.sameItem.length > 0 && <optgroup label={t('insertSameItem')}>{sources.sameItem.map((s) => groupOption(s, false))}</optgroup>}
        {sources && sources.similar.length > 0 && <optgroup label={t('insertSimilar')}>{sources.similar.map((s) => groupOption(s, true))}</optgroup>}
      </Select>
    </div>
  );
}
