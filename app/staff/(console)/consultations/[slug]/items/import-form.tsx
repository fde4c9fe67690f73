'use client';

import type { MouseEvent } from 'react';
import { useTranslations } from 'next-intl';
import { ItemComparison, type ItemComparisonLabels } from '@/components/item-comparison';
import { ErrorSummary, useFieldMessage } from '@/components/staff/form-errors';
import { FormOutcome, StaffForm } from '@/components/staff/staff-form';
import { CheckboxField, Field } from '@/components/ui/field';
import { importItemsAction, type ImportState } from '@/lib/actions/staff/import-items';
import { Button } from '@/components/ui/button';
import { Table } from '@/components/ui/table';

const TABLE_LIMIT = 1024 * 1024;

/**
 * Upload → preview of every item as residents will see it → confirm; a broken file lists every
 * error by row and column. Its action has a state of its own (ImportState: a preview, the file's
 * problems), so StaffForm shows no outcome here: the form shows all of them itself. The preview
 * keeps the form as it is (the chosen file is sent again with the confirmation); after an import
 * StaffForm draws the form anew.
 */
export function ImportForm({ consultation }: { consultation: string }) {
  const t = useTranslations('caseAdmin');
  const tAll = useTranslations();
  const tItem = useTranslations('item');
  const message = useFieldMessage();
  /**
   * A file over the limit is refused at its field before it is sent, also when it was chosen
   * before the page's scripts ran (no change event then): each submit button checks it again.
   */
  const refuseTooLarge = (input: HTMLInputElement | null): boolean => {
    const file = input?.files?.[0];
    const tooLarge = Boolean(file && file.size > TABLE_LIMIT);
    input?.setCustomValidity(tooLarge ? tAll('caseErrors.fileTooLarge') : '');
    input?.reportValidity();
    return tooLarge;
  };
  const checkFileBeforeSending = (event: MouseEvent<HTMLButtonElement>) => {
    if (refuseTooLarge(event.currentTarget.form?.elements.namedItem('file') as HTMLInputElement | null)) event.preventDefault();
  };
  const labels: ItemComparisonLabels = { before: tItem('before'), after: tItem('after'), noBefore: tItem('noBefore'), deleted: tItem('deletedMark'), inserted: tItem('insertedMark'), end: tItem('markEnd') };

  const body = (state: ImportState) => {
    const errors = state.status === 'error' || state.status === 'preview' ? state.fieldErrors : undefined;
    const plan = state.status === 'preview' ? state.plan : null;
    // Whether the case is live comes with the preview (the data layer read it), never from the page.
    const live = plan?.state === 'scheduled' || plan?.state === 'open';
    return (
      <>
        <input type="hidden" name="consultation" value={consultation} />
        {(state.status === 'error' || (state.status === 'preview' && state.fieldErrors)) && <ErrorSummary formError={state.formError} fieldErrors={state.fieldErrors} fieldIds={{ file: 'import-file', confirmOpen: 'import-confirm' }} />}
        {state.status === 'ok' && <FormOutcome state={state} />}
        <Field id="import-file" label={t('importFile')} hint={t('importHint')} hintAs="span" error={message(errors?.file)}>
          {(control) => (
            <input
              {...control}
              name="file"
              type="file"
              accept=".txt,.tsv,.csv,.xlsx,text/plain,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(event) => refuseTooLarge(event.currentTarget)}
            />
          )}
        </Field>
        <Button type="submit" name="intent" value="preview" onClick={checkFileBeforeSending}>
          {t('preview')}
        </Button>

        {state.status === 'problems' && (
          <div className="error-summary" role="alert" tabIndex={-1} data-testid="import-problems">
            <h2>{tAll('caseErrors.tableProblems', { count: state.problems.length })}</h2>
            <Table caption={t('problemsCaption')} stacked="phone">
              <thead>
                <tr>
                  <th scope="col">{t('colRow')}</th>
                  <th scope="col">{t('colColumn')}</th>
                  <th scope="col">{t('colProblem')}</th>
                </tr>
              </thead>
              <tbody>
                {state.problems.map((p, i) => (
                  <tr key={i}>
                    <td className="num" data-label={t('colRow')}>
                      {p.line}
                    </td>
                    <td data-label={t('colColumn')}>{p.column === null ? t('wholeRow') : t(`columnNames.${Math.min(p.column, 6)}`)}</td>
                    <td className="main" data-label={t('colProblem')}>
                      {tAll(`revisionTable.${p.code}`, p.params)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}

        {plan && (
          <section aria-labelledby="import-preview-heading" data-testid="import-preview">
            <h2 id="import-preview-heading">{t('previewHeading', { count: plan.changes.filter((c) => c.incoming).length })}</h2>
            <p role="status">
              {t('previewSummary', {
                added: plan.changes.filter((c) => c.kind === 'added').length,
                changed: plan.changes.filter((c) => c.kind === 'changed').length,
                removed: plan.changes.filter((c) => c.kind === 'removed').length,
                unchanged: plan.changes.filter((c) => c.kind === 'unchanged').length,
              })}
            </p>
            <input type="hidden" name="digest" value={plan.digest} />
            {plan.blocked.length > 0 ? (
              <p className="field-error" role="alert">
                {tAll('caseErrors.commented', { numbers: plan.blocked.join('、No.') })}
              </p>
            ) : (
              <>
                {live && (
                  <CheckboxField id="import-confirm" label={t('confirmOpen')} error={message(errors?.confirmOpen)}>
                    {(control) => <input {...control} type="checkbox" name="confirmOpen" />}
                  </CheckboxField>
                )}
                <Button type="submit" name="intent" value="commit" onClick={checkFileBeforeSending}>
                  {t('confirmImport')}
                </Button>
              </>
            )}
            <ol className="import-preview">
              {plan.changes.map((change) => {
                const shown = change.incoming ?? change.current!;
                return (
                  <li key={change.number} data-kind={change.kind} data-testid={`preview-item-${change.number}`}>
                    <h3>
                      {tItem('title', { number: change.number })} {tItem.rich('meta', { page: shown.page, heading: () => shown.heading })}{' '}
                      <strong>［{t(`kinds.${change.kind}`)}］</strong>
                    </h3>
                    {change.fields.length > 0 && <p>{t('changedFields', { fields: change.fields.map((f) => t(`fields.${f}`)).join('・') })}</p>}
                    {change.opinionCount > 0 && (
                      <p>
                        {t('opinions', { count: change.opinionCount })}
                        {change.kind === 'removed' && `（${t('blocked')}）`}
                      </p>
                    )}
                    <ItemComparison item={shown} labels={labels} headingLevel={4} />
                  </li>
                );
              })}
            </ol>
          </section>
        )}
      </>
    );
  };

  return (
    <StaffForm name="case-import" action={importItemsAction} outcome="none" noValidate testId="import-form">
      {body}
    </StaffForm>
  );
}
