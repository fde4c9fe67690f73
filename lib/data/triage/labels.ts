import 'server-only';
import type { TriageConsultation } from './inbox';

/** Select options of a consultation's items ('' = 全体について) and categories. */
export function itemOptions(consultation: TriageConsultation, whole: string, label: (n: number, heading: string) => string) {
  return [{ value: '', label: whole }, ...consultation.items.map((i) => ({ value: String(i.number), label: label(i.number, i.heading) }))];
}

export function categoryOptions(consultation: TriageConsultation) {
  return consultation.categories.map((c) => ({ value: c.code, label: `${c.code} ${c.label}` }));
}
