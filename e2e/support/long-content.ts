import { readFileSync } from 'node:fs';
import type postgres from 'postgres';
import { LOCALES, type Locale } from '../../lib/i18n/locales';
import { createCase } from './cases';

/** A language's resident messages (messages/<locale>.json), by namespace. */
export type Catalog = Record<string, Record<string, string>>;
const read = (locale: string) => JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Catalog;
export const catalogs = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<Locale, Catalog>;

/**
 * Content that stretches a page: a 300-character word without a break opportunity (accented
 * Latin, then ASCII) and an e-mail address of 64 characters, the longest a form accepts.
 */
export const LONG_WORD = 'Ý'.repeat(150) + 'x'.repeat(150);
const MAIL_DOMAIN = '@example.jp';
/** A 64-character address of its own for each call (`tag` and the time first, so parallel runs differ). */
export function longEmail(tag: string): string {
  const local = `${tag.replace(/[^a-z]/gi, '')}${Date.now()}${'a'.repeat(64)}`.slice(0, 64 - MAIL_DOMAIN.length);
  return local + MAIL_DOMAIN;
}

/** A case title of 148 characters (the staff form allows 200), with a long Latin word in it. */
export const LONG_TITLE =
  '伊勢崎市デジタル・トランスフォーメーション推進計画及び地域公共交通計画並びにスマートシティ構想の一体的推進に係る基本方針' +
  'IsesakiSmartCityDigitalTransformationRoadmap2030' +
  '（令和８年度から令和１２年度までを計画期間とする第３次改訂素案・市民意見募集用）';
/** The heading of the case's item 1: a long one, with a long Latin word. */
export const LONG_HEADING =
  '基本目標２　地域資源を活かした魅力と活力あふれるまちづくり（シティプロモーション、観光振興、地域公共交通の再編及びデジタル技術を活用した' +
  'SmartCityIsesakiDataPlatformIntegration' +
  'の推進に関する重点施策）';
const LONG_BEFORE =
  '市民、事業者、行政が一体となって、地域公共交通の利便性の向上と中心市街地の活性化に取り組みます。' +
  '特に、路線バスとデマンド交通の乗継ぎを円滑にし、高齢者や子育て世代が安心して移動できる環境を整えます。' +
  '詳細は https://www.city.isesaki.lg.jp/soshiki/kikaku/kikakuchousei/sougousenryaku/kaitei/shiryou_ichiran_reiwa8nendo_ban.html を参照してください。';
const LONG_AFTER =
  '市民、事業者、大学、行政が一体となって、地域公共交通の利便性の向上と中心市街地及び各地区の拠点の活性化に取り組みます。' +
  '特に、路線バス、デマンド交通及びシェアサイクルの乗継ぎを円滑にし、高齢者や子育て世代、障害のある方が安心して移動できる環境を整えます。' +
  '詳細は https://www.city.isesaki.lg.jp/soshiki/kikaku/kikakuchousei/sougousenryaku/kaitei/shiryou_ichiran_reiwa8nendo_kaiteiban.html を参照してください。';

/**
 * An open case of the test's own (createCase) with the long title, and its item 1 with the long
 * heading and a long before and after text.
 */
export async function createLongCase(sql: postgres.Sql, prefix = 'long'): Promise<{ id: number; slug: string; title: string; heading: string }> {
  const c = await createCase(sql, { prefix, title: () => LONG_TITLE });
  const blocks = (text: string) => sql.json([{ kind: 'paragraph', text }]);
  await sql`update revision_items set heading = ${LONG_HEADING}, before = ${blocks(LONG_BEFORE)}, after = ${blocks(LONG_AFTER)},
      before_text = ${LONG_BEFORE}, after_text = ${LONG_AFTER}
    where consultation_id = ${c.id} and number = 1`;
  return { ...c, title: LONG_TITLE, heading: LONG_HEADING };
}
