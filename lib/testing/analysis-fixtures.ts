import type { Db } from '@/db/client';
import { revisionItems } from '@/db/schema';
import { seedItems } from '@/lib/analysis/eval/seed-items';
import { createTestConsultation } from './submission-fixtures';

/** A campaign as residents send one: a shared core, with greetings, a self-introduction, a closing line or a line break added. */
export const CAMPAIGN =
  'コミュニティバスの利用者数の目標を引き下げないでください。バスは高齢者や学生の生活の足です。便数を維持し、利用者を増やす具体策を示してください。';

/** The k-th near-copy of CAMPAIGN (four kinds of edit, in turn). */
export const campaignCopy = (k: number) => [CAMPAIGN, `いつもお世話になっております。${CAMPAIGN}`, `${CAMPAIGN}よろしくお願いします。`, `市内に住む者です。\n${CAMPAIGN}`][k % 4]!;

/** A case holding the evaluation set's revision items (the seed's headings and texts). */
export async function createAnalysisCase(db: Db) {
  const consultation = await createTestConsultation(db, { items: 0 });
  await db.insert(revisionItems).values(seedItems().map((item) => ({ ...item, consultationId: consultation.id })));
  return consultation;
}
