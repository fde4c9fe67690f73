/**
 * The published result (実施結果), exactly as stored in result_publications.snapshot and served
 * to the public. Every field here is public: it is built field by field from an allowlist in
 * lib/data/results/publish.ts. No name, address, e-mail or full text of a comment is in it.
 */
export type ResultSnapshot = {
  header: {
    slug: string;
    /** 案件名 */
    title: string;
    /** 担当課 */
    department: string;
    /** 募集期間 (ISO timestamps) */
    opensAt: string;
    closesAt: string;
    /** 公表日 */
    publishedAt: string;
    version: number;
  };
  counts: {
    /** 提出者数: submissions with at least one published opinion. */
    submitters: number;
    /** 意見件数: published opinions. */
    opinions: number;
    byChannel: { channel: string; submitters: number; opinions: number }[];
    byItem: { itemNumber: number | null; heading: string | null; opinions: number }[];
    byCategory: { code: string; label: string; opinions: number }[];
  };
  /** How opinions were grouped as 同趣旨, in one line with the parameters (absent before the analysis existed). */
  grouping?: string;
  /** 修正の有無 per item that has opinions or an amendment. */
  amendments: {
    itemNumber: number;
    heading: string;
    changed: boolean;
    /** The published 改訂後 text and the amended text (only for a changed item). */
    afterText: string | null;
    amendedText: string | null;
    note: string;
  }[];
  /** The table No. / 該当項目 / 意見の概要 / 市の考え方 / 区分, ordered by item. */
  rows: {
    no: number;
    itemNumber: number | null;
    heading: string | null;
    /** 意見の概要 of the group's opinions, each distinct summary once. */
    summaries: string[];
    /** How many opinions the row answers. */
    opinionCount: number;
    response: string;
    categoryCode: string;
    categoryLabel: string;
  }[];
};

export type ResultVersion = { version: number; publishedAt: string };
