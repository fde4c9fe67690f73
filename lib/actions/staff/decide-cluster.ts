'use server';

import { withStaffAction } from '@/lib/auth/staff-action';
import { decideAnalysis } from '@/lib/data/analysis/decisions';
import { clusterFormSchema } from '@/lib/validation/analysis';
import { consultationOfForm, revalidateTriage } from '../triage-context';

const DONE = { rename: 'analysis.cluster.renamed', merge: 'analysis.cluster.merged', move: 'analysis.cluster.moved' } as const;

/** Renames a cluster, merges it into another, or moves one opinion to another cluster (kept across re-runs, audited). */
export const decideClusterAction = withStaffAction('submission.triage', clusterFormSchema, async (input, actor, { db }) => {
  const consultation = await consultationOfForm(db, actor, input.consultation);
  if (!consultation) return { status: 'error', formError: 'triageErrors.consultationUnknown' };
  const result = await decideAnalysis(
    db,
    actor,
    consultation.id,
    input.decision === 'rename'
      ? { kind: 'cluster-rename', cluster: input.cluster, label: input.label }
      : input.decision === 'merge'
        ? { kind: 'cluster-merge', cluster: input.cluster, into: input.into }
        : { kind: 'cluster-move', opinionId: input.opinionId, cluster: input.cluster },
  );
  revalidateTriage(consultation.slug);
  if (result.ok) return { status: 'ok', message: DONE[input.decision] };
  return { status: 'error', formError: result.error === 'notFound' ? 'triageErrors.notFound' : 'analysis.errors.clusterTarget' };
});
