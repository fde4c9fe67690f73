'use client';

import { isTyping } from '@/components/staff/keys';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';
import { FieldError } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { OptionList, type Option } from '@/components/ui/option-list';
import { acceptItemSuggestionAction, classifyCampaignAction, decideCampaignAction, decideRedactionAction, rerunAnalysisAction } from '@/lib/actions/staff/analysis';
import type { ActionState } from '@/lib/auth/staff-action-state';

const hidden = (name: string, value: string | number) => <input type="hidden" name={name} value={value} />;

export type SuggestionRow = { rank: number; itemNumber: number; heading: string; score: number; matchedWords: string[] };

/** Up to three suggested items of one opinion, each accepted by its button or by its number key (SuggestionKeys). */
export function ItemSuggestions({ consultation, opinionId, version, method, suggestions }: { consultation: string; opinionId: number; version: number; method: string; suggestions: SuggestionRow[] }) {
  const t = useTranslations('analysis');
  return (
    <section className="suggestions" aria-labelledby={`suggest-${opinionId}`} data-suggestions={opinionId}>
      <h4 id={`suggest-${opinionId}`}>{t('suggestionsHeading')}</h4>
      <p className="hint">{t('suggestionsHint')}</p>
      <ol className="suggestion-list">
        {suggestions.map((s) => (
          <li key={s.itemNumber} data-suggestion-rank={s.rank}>
            <p>
              <kbd>{s.rank}</kbd> {t('suggestion', { rank: s.rank, number: s.itemNumber, heading: s.heading, score: s.score.toFixed(2) })}
            </p>
            <p className="secondary">{t('matchedWords', { words: s.matchedWords.join('・') || '—' })}</p>
            <StaffForm name="item-suggestion" action={acceptItemSuggestionAction} version={version} className="inline-form" outcome="bottom">
              {hidden('consultation', consultation)}
              {hidden('opinionId', opinionId)}
              {hidden('itemNumber', s.itemNumber)}
              {hidden('version', version)}
              <Button type="submit" variant="secondary" size="small" aria-label={t('acceptSuggestionLabel', { rank: s.rank, number: s.itemNumber })}>
                {t('acceptSuggestion')}
              </Button>
            </StaffForm>
          </li>
        ))}
      </ol>
      <p className="secondary">{t('suggestionsProvenance', { method })}</p>
    </section>
  );
}

/**
 * The submission page's shortcut: with the focus inside an opinion (its heading, text or a
 * button), keys 1–3 accept that opinion's n-th suggested item. Never inside a text field or a
 * select, never with a modifier key.
 */
export function SuggestionKeys() {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (!['1', '2', '3'].includes(event.key) || isTyping(event.target)) return;
      const opinion = (document.activeElement as HTMLElement | null)?.closest('[data-opinion-id]');
      const form = opinion?.querySelector<HTMLFormElement>(`[data-suggestion-rank="${event.key}"] form`);
      if (!form) return;
      event.preventDefault();
      form.requestSubmit();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}

export type RedactionRow = { kind: string; start: number; end: number; text: string; status: 'proposed' | 'accepted' | 'rejected' };

/** Proposed personal-data spans of one opinion: each accepted (removed from what is published) or rejected. */
export function RedactionReview({ consultation, opinionId, spans }: { consultation: string; opinionId: number; spans: RedactionRow[] }) {
  const t = useTranslations('analysis');
  return (
    <section className="redactions" aria-labelledby={`pii-${opinionId}`}>
      <h4 id={`pii-${opinionId}`}>{t('personalHeading')}</h4>
      <p className="hint">{t('personalLead')}</p>
      <ul>
        {spans.map((span) => (
          <li key={`${span.start}-${span.end}`} data-redaction={`${span.start}-${span.end}`} data-status={span.status}>
            <p>
              {t('personalSpan', { kind: t.has(`personalKinds.${span.kind}`) ? t(`personalKinds.${span.kind}`) : span.kind, text: span.text })}{' '}
              <strong className="badge">{t(`personalStatus.${span.status}`)}</strong>
            </p>
            <StaffForm name="redaction" action={decideRedactionAction} version={span.status} className="inline-form" outcome="bottom">
              {hidden('consultation', consultation)}
              {hidden('opinionId', opinionId)}
              {hidden('start', span.start)}
              {hidden('end', span.end)}
              <div className="button-row">
                <Button type="submit" name="decision" value="accept" variant="secondary" size="small" aria-label={t('acceptRedactionLabel', { text: span.text })}>
                  {t('acceptRedaction')}
                </Button>
                <Button type="submit" name="decision" value="reject" variant="tertiary" size="small" aria-label={t('rejectRedactionLabel', { text: span.text })}>
                  {t('rejectRedaction')}
                </Button>
              </div>
            </StaffForm>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Split one opinion off its campaign group (kept across re-runs). */
export function CampaignSplitForm({ consultation, group, opinionId }: { consultation: string; group: number; opinionId: number }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="campaign-split" action={decideCampaignAction} className="inline-form" outcome="bottom">
      {hidden('consultation', consultation)}
      {hidden('group', group)}
      {hidden('opinionId', opinionId)}
      <Button type="submit" name="decision" value="split" variant="tertiary" size="small">
        {t('splitFromCampaign')}
      </Button>
    </StaffForm>
  );
}

/** Confirm or dissolve a campaign group. */
export function CampaignDecisionForm({ consultation, group }: { consultation: string; group: number }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="campaign-decision" action={decideCampaignAction} className="inline-form" outcome="bottom">
      {hidden('consultation', consultation)}
      {hidden('group', group)}
      <div className="button-row">
        <Button type="submit" name="decision" value="confirm" variant="secondary">
          {t('confirmCampaign')}
        </Button>
        <Button type="submit" name="decision" value="dissolve" variant="danger">
          {t('dissolveCampaign')}
        </Button>
      </div>
    </StaffForm>
  );
}

type CampaignValues = { group: number; version: number; count: number; itemNumber: number | null; summary: string; categoryCode: string | null; status: string };

/** Classify a campaign group once: item, summary, category and status for every member. */
export function CampaignClassifyForm({ consultation, values, items, categories, statuses }: { consultation: string; values: CampaignValues; items: Option[]; categories: Option[]; statuses: Option[] }) {
  const t = useTranslations('analysis');
  const tt = useTranslations('triage');
  const p = `campaign-${values.group}`;
  const fieldIds = { itemNumber: `${p}-item`, summary: `${p}-summary`, categoryCode: `${p}-category`, status: `${p}-status` };
  return (
    <StaffForm name="campaign-classify" action={classifyCampaignAction} version={values.version} fieldIds={fieldIds} label={t('classifyHeading', { count: values.count })}>
      {(state: ActionState) => {
        const errors = state.status === 'error' ? state.fieldErrors : undefined;
        return (
          <>
            {hidden('consultation', consultation)}
            {hidden('group', values.group)}
            {hidden('version', values.version)}
            <div className="field">
              <label htmlFor={fieldIds.itemNumber}>{tt('fieldItem')}</label>
              <FieldError id={`${fieldIds.itemNumber}-error`} messages={errors?.itemNumber} />
              <Select id={fieldIds.itemNumber} name="itemNumber" defaultValue={values.itemNumber === null ? '' : String(values.itemNumber)}>
                <OptionList options={items} />
              </Select>
            </div>
            <div className="field">
              <label htmlFor={fieldIds.summary}>{tt('fieldSummary')}</label>
              <FieldError id={`${fieldIds.summary}-error`} messages={errors?.summary} />
              <textarea id={fieldIds.summary} name="summary" rows={2} maxLength={1000} defaultValue={values.summary} />
            </div>
            <div className="field">
              <label htmlFor={fieldIds.categoryCode}>{tt('fieldCategory')}</label>
              <FieldError id={`${fieldIds.categoryCode}-error`} messages={errors?.categoryCode} />
              <Select id={fieldIds.categoryCode} name="categoryCode" defaultValue={values.categoryCode ?? ''}>
                <option value="">{tt('unclassified')}</option>
                <OptionList options={categories} />
              </Select>
            </div>
            <div className="field">
              <label htmlFor={fieldIds.status}>{tt('fieldStatus')}</label>
              <Select id={fieldIds.status} name="status" defaultValue={values.status}>
                <OptionList options={statuses} />
              </Select>
            </div>
            <Button type="submit">{t('classifySave')}</Button>
          </>
        );
      }}
    </StaffForm>
  );
}

/** Admins: a full re-analysis of the case, after ticking the box. */
export function RerunForm({ consultation }: { consultation: string }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="analysis-rerun" action={rerunAnalysisAction} fieldIds={{ confirm: 'rerun-confirm' }} noValidate>
      {(state: ActionState) => {
        const errors = state.status === 'error' ? state.fieldErrors : undefined;
        return (
          <>
            {hidden('consultation', consultation)}
            <div className="checkbox">
              <FieldError id="rerun-confirm-error" messages={errors?.confirm} />
              <input id="rerun-confirm" type="checkbox" name="confirm" aria-describedby={errors?.confirm ? 'rerun-confirm-error' : undefined} aria-invalid={errors?.confirm ? true : undefined} />
              <label htmlFor="rerun-confirm">{t('rerunConfirm')}</label>
            </div>
            <Button type="submit" variant="secondary">
              {t('rerunButton')}
            </Button>
          </>
        );
      }}
    </StaffForm>
  );
}
