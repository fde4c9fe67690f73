import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { consultations, revisionItems } from '@/db/schema';
import { ensureDepartment } from '@/lib/data/departments/departments';

/** A consultation with items 1…`items`, open from `opensAt` to `closesAt`. */
export async function createTestConsultation(
  db: Db,
  options: { slug?: string; opensAt?: Date; closesAt?: Date; items?: number; department?: string } = {},
): Promise<{ id: number; slug: string; opensAt: Date; closesAt: Date }> {
  const slug = options.slug ?? `case-${randomUUID().slice(0, 8)}`;
  const opensAt = options.opensAt ?? new Date(Date.now() - 86_400_000);
  const closesAt = options.closesAt ?? new Date(Date.now() + 30 * 86_400_000);
  const department = options.department ?? '企画部 企画調整課';
  const [row] = await db
    .insert(consultations)
    .values({ slug, title: `テスト案件 ${slug}`, department, departmentId: await ensureDepartment(db, department), opensAt, closesAt })
    .returning({ id: consultations.id });
  const count = options.items ?? 5;
  if (count > 0) {
    await db.insert(revisionItems).values(
      Array.from({ length: count }, (_, i) => ({
        consultationId: row!.id,
        number: i + 1,
        page: 1,
        heading: '数値目標',
        headingKind: '数値目標',
        before: [],
        after: [],
        beforeText: '',
        afterText: '',
      })),
    );
  }
  return { id: row!.id, slug, opensAt, closesAt };
}

export function validComment(overrides: { email?: string; text?: string } = {}) {
  return {
    submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町二丁目410番地', category: '市内在住', email: overrides.email ?? '' },
    opinions: [
      { itemNumber: 2, text: overrides.text ?? '年少人口の目標値の根拠を示してください。' },
      { itemNumber: null, text: '全体として分かりやすくなったと思います。' },
    ],
    consent: true,
  };
}
