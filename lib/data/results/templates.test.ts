import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '@/db/client';
import { auditLog, opinions } from '@/db/schema';
import { StaffAccessDenied, type StaffActor } from '@/lib/auth/access';
import { createTestDatabase, testDrivers } from '@/lib/testing/databases';
import { createTestConsultation } from '@/lib/testing/submission-fixtures';
import { createTestActor, insertTestSubmission } from '@/lib/testing/triage-fixtures';
import { createResponseGroup, saveResponseDraft } from './groups';
import { draftSources, draftSourceText, listTemplates, saveTemplate } from './templates';

describe.each(testDrivers())('定型文 and where a draft starts from, on %s', (driver) => {
  let handle: DbHandle;
  let reviewer: StaffActor;
  let outsider: StaffActor;
  let admin: StaffActor;

  beforeAll(async () => {
    handle = await createTestDatabase(driver);
    reviewer = await createTestActor(handle.db, 'reviewer');
    outsider = await createTestActor(handle.db, 'reviewer', undefined, ['別の部 別の課']);
    admin = await createTestActor(handle.db, 'admin');
  });
  afterAll(async () => {
    await handle?.close();
  });

  /** A case with one group per text (item 1 unless said), each answered with `response`. */
  async function caseWithGroups(groups: { text: string; item?: number | null; response?: string }[]) {
    const c = await createTestConsultation(handle.db, { items: 3 });
    const ids: number[] = [];
    for (const g of groups) {
      const submission = await insertTestSubmission(handle.db, c.id, { texts: [{ itemNumber: g.item === undefined ? 1 : g.item, text: g.text }] });
      const [opinion] = await handle.db.select().from(opinions).where(eq(opinions.submissionId, submission));
      const created = await createResponseGroup(handle.db, reviewer, { consultationId: c.id, itemNumber: opinion!.itemNumber, opinionIds: [opinion!.id] });
      if (!created.ok) throw new Error(created.error);
      if (g.response) await saveResponseDraft(handle.db, reviewer, { groupId: created.group.id, version: created.group.version, response: g.response, categoryCode: null });
      ids.push(created.group.id);
    }
    return { consultation: c, groups: ids };
  }

  it('keeps every version of a template, refuses a stale save, and audits each save', async () => {
    const c = await createTestConsultation(handle.db, { items: 1 });
    const created = await saveTemplate(handle.db, reviewer, { consultationId: c.id, scope: 'case', title: '遊具', body: '遊具の更新を計画に位置付けます。' });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.template.id : 0;
    const saved = await saveTemplate(handle.db, reviewer, { consultationId: c.id, scope: 'case', id, version: 1, title: '遊具', body: '遊具の更新と日陰の確保を計画に位置付けます。' });
    expect(saved).toMatchObject({ ok: true, template: { version: 2 } });
    expect(await saveTemplate(handle.db, reviewer, { consultationId: c.id, scope: 'case', id, version: 1, title: '遊具', body: '古い版からの保存' })).toEqual({ ok: false, error: 'conflict' });

    const list = await listTemplates(handle.db, reviewer, c.id);
    expect(list?.templates.map((x) => [x.title, x.body, x.scope])).toContainEqual(['遊具', '遊具の更新と日陰の確保を計画に位置付けます。', 'case']);
    expect(list?.versions.get(id)?.map((v) => [v.version, v.body])).toEqual([
      [2, '遊具の更新と日陰の確保を計画に位置付けます。'],
      [1, '遊具の更新を計画に位置付けます。'],
    ]);
    const audited = await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, String(id)));
    expect(audited.map((a) => a.action).sort()).toEqual(['response_template.created', 'response_template.updated']);
  });

  it("the city's templates: every drafter reads them, only those who approve write them", async () => {
    const c = await createTestConsultation(handle.db, { items: 1 });
    await expect(saveTemplate(handle.db, reviewer, { consultationId: c.id, scope: 'city', title: '市全体', body: '本文' })).rejects.toBeInstanceOf(StaffAccessDenied);
    const city = await saveTemplate(handle.db, admin, { consultationId: c.id, scope: 'city', title: 'お礼', body: 'ご意見ありがとうございます。' });
    expect(city.ok).toBe(true);
    const other = await createTestConsultation(handle.db, { items: 1 });
    expect((await listTemplates(handle.db, reviewer, other.id))?.templates.some((x) => x.scope === 'city' && x.title === 'お礼')).toBe(true);
    // A city template cannot be saved as if it were the case's (nor the reverse).
    const id = city.ok ? city.template.id : 0;
    expect(await saveTemplate(handle.db, admin, { consultationId: c.id, scope: 'case', id, version: 1, title: 'お礼', body: '書き換え' })).toEqual({ ok: false, error: 'notFound' });
  });

  it('a reviewer of another department sees and writes nothing of the case', async () => {
    const c = await createTestConsultation(handle.db, { items: 1 });
    const created = await saveTemplate(handle.db, reviewer, { consultationId: c.id, scope: 'case', title: '内部', body: '本文' });
    const id = created.ok ? created.template.id : 0;
    expect(await listTemplates(handle.db, outsider, c.id)).toBeNull();
    expect(await draftSources(handle.db, outsider, c.id)).toBeNull();
    expect(await saveTemplate(handle.db, outsider, { consultationId: c.id, scope: 'case', id, version: 1, title: '内部', body: '書き換え' })).toEqual({ ok: false, error: 'notFound' });
    const { groups } = await caseWithGroups([{ text: '公園の遊具を増やしてください。' }]);
    expect(await draftSourceText(handle.db, outsider, groups[0]!, `template:${id}`)).toBeNull();
  });

  it('offers earlier responses on the same item and responses to similar opinions, most alike first', async () => {
    const { consultation, groups } = await caseWithGroups([
      { text: '公園の遊具を増やしてください。子どもが遊べる場所が足りません。' },
      { text: '公園の遊具を増やしてほしい。子どもが遊べる場所が足りない。', item: 2, response: '遊具の更新を計画に位置付けます。' },
      { text: 'バスの本数を増やしてください。', item: 1, response: '路線の見直しの中で検討します。' },
      { text: 'まったく別の話題です。税金について。', item: 3, response: '税制は国の所管です。' },
      { text: '公園の遊具を増やしてください。子どもが遊べる場所が足りません。', item: 3 },
    ]);
    const sources = await draftSources(handle.db, reviewer, consultation.id);
    const first = sources?.get(groups[0]!);
    // Item 1: the bus response; similar: the park response on item 2, not the unrelated tax one.
    expect(first?.sameItem.map((s) => s.groupId)).toEqual([groups[2]]);
    expect(first?.similar.map((s) => s.groupId)).toEqual([groups[1]]);
    expect(first?.similar[0]!.similarity).toBeGreaterThan(0.5);
    // Unanswered groups are never offered.
    expect(first?.similar.map((s) => s.groupId)).not.toContain(groups[4]);

    // The text a draft starts from: a template of this case or the city's, a visible group's response.
    const template = await saveTemplate(handle.db, reviewer, { consultationId: consultation.id, scope: 'case', title: '遊具', body: '遊具の定型文' });
    expect(await draftSourceText(handle.db, reviewer, groups[0]!, `template:${template.ok ? template.template.id : 0}`)).toBe('遊具の定型文');
    expect(await draftSourceText(handle.db, reviewer, groups[0]!, `group:${groups[1]}`)).toBe('遊具の更新を計画に位置付けます。');
    expect(await draftSourceText(handle.db, reviewer, groups[0]!, `group:${groups[4]}`)).toBeNull();
    expect(await draftSourceText(handle.db, reviewer, groups[0]!, 'file:/etc/passwd')).toBeNull();
    // Another case's template is not this group's to use.
    const elsewhere = await createTestConsultation(handle.db, { items: 1 });
    const foreign = await saveTemplate(handle.db, reviewer, { consultationId: elsewhere.id, scope: 'case', title: '他', body: '他の案件の定型文' });
    expect(await draftSourceText(handle.db, reviewer, groups[0]!, `template:${foreign.ok ? foreign.template.id : 0}`)).toBeNull();
  });
});
