import 'server-only';
import { revalidatePath } from 'next/cache';
import type { Db } from '@/db/client';
import type { StaffActor } from '@/lib/auth/access';
import { getConsultationForTriage, type TriageConsultation } from '@/lib/data/triage/inbox';

/** The consultation a triage form posts for (its slug is a hidden field), or null. */
export async function consultationOfForm(db: Db, actor: StaffActor, slug: string): Promise<TriageConsultation | null> {
  return getConsultationForTriage(db, actor, slug);
}

/** The inbox and submission views show the change (counts, versions) on their next render. */
export function revalidateTriage(slug: string): void {
  revalidatePath(`/staff/consultations/${slug}`, 'layout');
}
