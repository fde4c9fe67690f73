import type { Metadata } from 'next';
import Link from 'next/link';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages, getTranslations } from 'next-intl/server';
import { DiffText } from '@/components/diff-text';
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
import { appDb } from '@/lib/auth/request-context';
import { requireStaffPage } from '@/lib/auth/staff';
import { getResponseWorkspace, type WorkspaceGroup, type WorkspaceItem } from '@/lib/data/results/workspace';
import { charDiff } from '@/lib/text/char-diff';
import { ActionForm } from './action-form';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('staffResponses');
  return { title: t('title') };
}

export default async function ResponsesPage({ params }: Props) {
  const actor = await requireStaffPage('response.draft');
  const { slug } = await params;
  const t = await getTranslations('staffResponses');
  const tItem = await getTranslations('item');
  const workspace = await getResponseWorkspace(await appDb(), actor, slug);
  const messages = await getMessages();
  const clientMessages = Object.fromEntries(['staffCommon', 'staffResponses', 'errors', 'commentErrors'].map((ns) => [ns, messages[ns]]));
  if (!workspace) {
    return <p role="alert">{t('errors.not-found')}</p>;
  }
  const { consultation, readiness } = workspace;
  const canApprove = roleHasPermission(actor.role, 'response.approve');
  const canPublish = roleHasPermission(actor.role, 'result.publish');
  const marks = { deleted: tItem('deletedMark'), inserted: tItem('insertedMark'), end: tItem('markEnd'), lang: 'ja' };
  const itemLabel = (item: { itemNumber: number | null; heading: string | null }) =>
    item.itemNumber === null ? t('whole') : t('itemLabel', { number: item.itemNumber, heading: item.heading ?? '' });
  const hidden = (name: string, value: string | number) => <input type="hidden" name={name} value={value} />;
  const common = (g: WorkspaceGroup) => (
    <>
      {hidden('groupId', g.id)}
      {hidden('version', g.version)}
      {hidden('slug', slug)}
    </>
  );
  const at = (value: string | null) => (value ? new Date(value).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' }) : '');

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
              <ActionForm action={removeGroupMemberAction} className="inline-form">
                {common(g)}
                {hidden('opinionId', m.id)}
                <button type="submit" className="link-button">
                  {t('removeMember')}
                </button>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
      <ActionForm action={saveResponseDraftAction}>
        {common(g)}
        <div className="field">
          <label htmlFor={`response-${g.id}`}>{t('response')}</label>
          <textarea id={`response-${g.id}`} name="response" rows={4} defaultValue={g.response} />
        </div>
        <div className="field">
          <label htmlFor={`category-${g.id}`}>{t('category')}</label>
          <select id={`category-${g.id}`} name="categoryCode" defaultValue={g.categoryCode ?? ''}>
            <option value="">{t('noCategory')}</option>
            {workspace.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} {c.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('saveDraft')}</button>
      </ActionForm>
      <div className="button-row">
        {(g.status === 'draft' || g.status === 'returned') && (
          <ActionForm action={submitResponseAction} className="inline-form">
            {common(g)}
            <button type="submit">{t('submit')}</button>
          </ActionForm>
        )}
        {canApprove && g.status === 'submitted' && !g.ownWork && (
          <ActionForm action={approveResponseAction} className="inline-form">
            {common(g)}
            <button type="submit">{t('approve')}</button>
          </ActionForm>
        )}
        {canApprove && g.status === 'submitted' && g.ownWork && <p className="hint">{t('ownWork')}</p>}
        {g.status !== 'approved' && (
          <ActionForm action={deleteResponseGroupAction} className="inline-form">
            {common(g)}
            <button type="submit" className="button-secondary">
              {t('deleteGroup')}
            </button>
          </ActionForm>
        )}
      </div>
      {canApprove && (g.status === 'submitted' || g.status === 'approved') && (
        <ActionForm action={returnResponseAction}>
          {common(g)}
          <div className="field">
            <label htmlFor={`remark-${g.id}`}>{t('returnRemark')}</label>
            <textarea id={`remark-${g.id}`} name="remark" rows={2} />
          </div>
          <button type="submit">{t('return')}</button>
        </ActionForm>
      )}
      <details>
        <summary>{t('history')}</summary>
        <ul>
          {g.draftedAt && <li>{t('historyDrafted', { name: g.draftedByName ?? '', at: at(g.draftedAt) })}</li>}
          {g.submittedAt && <li>{t('historySubmitted', { name: g.submittedByName ?? '', at: at(g.submittedAt) })}</li>}
          {g.returnedAt && <li>{t('historyReturned', { name: g.returnedByName ?? '', at: at(g.returnedAt) })}</li>}
          {g.approvedAt && <li>{t('historyApproved', { name: g.approvedByName ?? '', at: at(g.approvedAt) })}</li>}
        </ul>
      </details>
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
                  <ActionForm action={createResponseGroupAction} className="inline-form">
                    {hidden('consultationId', consultation.id)}
                    {hidden('slug', slug)}
                    {hidden('itemNumber', item.itemNumber ?? '')}
                    {hidden('opinionIds', s.opinionIds.join(','))}
                    <button type="submit">{t('groupThese', { count: s.count })}</button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          </section>
        )}
        {item.ungrouped.length > 0 && (
          <ActionForm action={createResponseGroupAction} label={`${itemLabel(item)} ${t('ungrouped')}`}>
            <h3>{t('ungrouped')}</h3>
            {hidden('consultationId', consultation.id)}
            {hidden('slug', slug)}
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
            <button type="submit">{t('groupSelected')}</button>
          </ActionForm>
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
            <ActionForm action={saveItemAmendmentAction}>
              {hidden('consultationId', consultation.id)}
              {hidden('slug', slug)}
              {hidden('itemNumber', item.itemNumber)}
              {hidden('version', item.amendment?.version ?? 0)}
              <div className="checkbox">
                <input type="checkbox" id={`changed-${key}`} name="changed" defaultChecked={item.amendment?.changed ?? false} />
                <label htmlFor={`changed-${key}`}>{t('amendmentChanged')}</label>
              </div>
              <div className="field">
                <label htmlFor={`amended-${key}`}>{t('amendedText')}</label>
                <textarea id={`amended-${key}`} name="amendedText" rows={4} defaultValue={item.amendment?.amendedText || item.afterText || ''} />
              </div>
              <div className="field">
                <label htmlFor={`note-${key}`}>{t('amendmentNote')}</label>
                <input type="text" id={`note-${key}`} name="note" defaultValue={item.amendment?.note ?? ''} />
              </div>
              <button type="submit">{t('saveAmendment')}</button>
            </ActionForm>
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
      <p>
        <Link href={`/consultations/${slug}`}>{consultation.title}</Link>
      </p>
      <p className="lead">{t('lead')}</p>
      <section aria-labelledby="publish-heading" className="publish-panel">
        <h2 id="publish-heading">{t('publishHeading')}</h2>
        <p data-testid="readiness">{t('readiness', { unanswered: readiness.unanswered, missing: readiness.missingSummary, published: readiness.published })}</p>
        {workspace.excluded > 0 && <p>{t('excluded', { count: workspace.excluded })}</p>}
        {!readiness.closed && <p className="notice">{t('notClosed')}</p>}
        {canPublish && (
          <ActionForm action={publishResultsAction}>
            {hidden('consultationId', consultation.id)}
            {hidden('slug', slug)}
            <button type="submit">{t('publish')}</button>
          </ActionForm>
        )}
        <h3>{t('published')}</h3>
        {workspace.publications.length === 0 ? (
          <p>{t('noPublications')}</p>
        ) : (
          <ul>
            {workspace.publications.map((p) => (
              <li key={p.version}>
                <Link href={`/consultations/${slug}/results?version=${p.version}`}>{t('versionLink', { version: p.version })}</Link>{' '}
                <JapaneseDate value={p.publishedAt} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {workspace.items.map(renderItem)}
    </NextIntlClientProvider>
  );
}
