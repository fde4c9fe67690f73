'use client';

import { useTranslations } from 'next-intl';
import { useFieldMessage } from '@/components/staff/form-errors';
import { StaffForm } from '@/components/staff/staff-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { OptionList, type Option } from '@/components/ui/option-list';
import { decideClusterAction } from '@/lib/actions/staff/decide-cluster';

const hidden = (name: string, value: string | number) => <input type="hidden" name={name} value={value} />;

/** Rename a cluster: its name shows on this page and in the staff JSON; a re-run keeps it. */
export function ClusterRenameForm({ consultation, cluster, label }: { consultation: string; cluster: string; label: string }) {
  const t = useTranslations('analysis');
  const message = useFieldMessage();
  const id = `cluster-name-${cluster.replace(/[^\w]/g, '-')}`;
  return (
    <StaffForm name="cluster-rename" action={decideClusterAction} version={label} className="inline-form" fieldIds={{ label: id }}>
      {(state) => (
        <>
          {hidden('consultation', consultation)}
          {hidden('decision', 'rename')}
          {hidden('cluster', cluster)}
          <Field id={id} label={t('clusterName')} error={message(state.status === 'error' ? state.fieldErrors?.label : undefined)}>
            {(control) => <input {...control} name="label" type="text" maxLength={60} defaultValue={label} />}
          </Field>
          <Button type="submit" variant="secondary" size="small">
            {t('clusterRename')}
          </Button>
        </>
      )}
    </StaffForm>
  );
}

/** Merge a cluster into another of the same item, or move one opinion to another cluster. */
export function ClusterTargetForm({
  consultation,
  decision,
  cluster,
  opinionId,
  label,
  targets,
}: {
  consultation: string;
  decision: 'merge' | 'move';
  cluster: string;
  opinionId?: number;
  label: string;
  targets: Option[];
}) {
  const t = useTranslations('analysis');
  const merging = decision === 'merge';
  const id = merging ? `cluster-merge-${cluster.replace(/[^\w]/g, '-')}` : `cluster-move-${opinionId}`;
  return (
    <StaffForm name={merging ? 'cluster-merge' : 'cluster-move'} action={decideClusterAction} className="inline-form">
      {hidden('consultation', consultation)}
      {hidden('decision', decision)}
      {merging ? hidden('cluster', cluster) : hidden('opinionId', opinionId!)}
      <Field id={id} label={label}>
        {(control) => (
          <Select {...control} name={merging ? 'into' : 'cluster'} defaultValue="" required>
            <option value="">{t('clusterChoose')}</option>
            <OptionList options={targets} />
          </Select>
        )}
      </Field>
      <Button type="submit" variant="secondary" size="small">
        {merging ? t('clusterMerge') : t('clusterMove')}
      </Button>
    </StaffForm>
  );
}
