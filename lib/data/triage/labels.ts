import 'server-only';
import { itemLabel, WHOLE_CASE } from '@/lib/format/item-label';
import type { TriageConsultation } from './inbox';

/** Select options of a consultation's items ('' = 全体について) and categories. */
export function itemOptions(consultation: TriageConsultation) {
  return [{ value: '', label: WHOLE_CASE }, ...consultation.items.map((i) => ({ value: String(i.number), label: itemLabel(i.number, i.heading) }))];
}

export function categoryOptions(consultation: TriageConsultation) {
  return consultation.categories.map((c) => ({ value: c.code, label: `${c.code} ${c.label}` }));
}
