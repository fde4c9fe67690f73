'use client';

import { useTranslations } from 'next-intl';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { HiddenInput } from '@/components/ui/hidden-input';
import { decideRedactionAction } from '@/lib/actions/staff/analysis';

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
              <HiddenInput name="consultation" value={consultation} />
              <HiddenInput name="opinionId" value={opinionId} />
              <HiddenInput name="start" value={span.start} />
              <HiddenInput name="end" value={span.end} />
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
