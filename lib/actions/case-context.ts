import 'server-only';
import { revalidatePath } from 'next/cache';
import { forgetCommentFormContext } from '@/lib/submissions/form-context';
import { clearPageCache } from '@/lib/page-cache';

/** After staff change a case: its staff pages render afresh, and so do resident pages on this instance. */
export function caseChanged(...slugs: string[]): void {
  for (const slug of slugs) {
    revalidatePath(`/staff/consultations/${slug}`, 'layout');
    forgetCommentFormContext(slug);
  }
  revalidatePath('/staff');
  clearPageCache();
}
