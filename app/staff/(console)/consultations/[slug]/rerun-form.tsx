'use client';

import { useTranslations } from 'next-intl';
import { FieldError, fieldErrorsOf } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { HiddenInput } from '@/components/ui/hidden-input';
import { rerunAnalysisAction } from '@/lib/actions/staff/analysis';

/** Admins: a full re-analysis of the case, after ticking the box. */
export function RerunForm({ consultation }: { consultation: string }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="analysis-rerun" action={rerunAnalysisAction} fieldIds={{ confirm: 'rerun-confirm' }} noValidate>
      {(state) => {
        const errors = fieldErrorsOf(state);
        return (
          <>
            <HiddenInput name="consultation" value={consultation} />
            <div className="checkbox">
              <FieldError fieldId="rerun-confirm" messages={errors?.confirm} />
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
