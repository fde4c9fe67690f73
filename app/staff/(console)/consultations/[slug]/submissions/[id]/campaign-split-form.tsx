'use client';

import { useTranslations } from 'next-intl';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { HiddenInput } from '@/components/ui/hidden-input';
import { decideCampaignAction } from '@/lib/actions/staff/analysis';

/** Split one opinion off its campaign group (kept across re-runs). */
export function CampaignSplitForm({ consultation, group, opinionId }: { consultation: string; group: number; opinionId: number }) {
  const t = useTranslations('analysis');
  return (
    <StaffForm name="campaign-split" action={decideCampaignAction} className="inline-form" outcome="bottom">
      <HiddenInput name="consultation" value={consultation} />
      <HiddenInput name="group" value={group} />
      <HiddenInput name="opinionId" value={opinionId} />
      <Button type="submit" name="decision" value="split" variant="tertiary" size="small">
        {t('splitFromCampaign')}
      </Button>
    </StaffForm>
  );
}
