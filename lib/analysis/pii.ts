import { normalizeWithOffsets, originalSpan } from './normalize';

export type PiiKind = 'name' | 'phone' | 'email' | 'address' | 'plate';

/** A proposed redaction: offsets are UTF-16 offsets into the original text, end exclusive. */
export type PiiSpan = { kind: PiiKind; start: number; end: number; text: string };

export type PiiParams = {
  /** Numbers the city publishes itself (the city hall, its desks): never redacted. */
  publicPhoneNumbers: readonly string[];
};

export const PII_PARAMS: PiiParams = { publicPhoneNumbers: ['0270-24-5111'] };

export const REDACTION_MARK = '〔個人情報のため削除〕';

/** Common Japanese family names (about the 150 most frequent, plus the region's). */
const SURNAMES = [
  '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '渡邊', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村',
  '斎藤', '斉藤', '清水', '山崎', '阿部', '森', '池田', '橋本', '山下', '石川', '中島', '前田', '藤田', '後藤', '小川', '岡田', '村上', '長谷川',
  '近藤', '石井', '坂本', '遠藤', '青木', '藤井', '西村', '福田', '太田', '三浦', '藤原', '岡本', '松田', '中川', '中野', '原田', '小野', '田村',
  '竹内', '金子', '和田', '中山', '石田', '上田', '森田', '小島', '柴田', '原', '宮崎', '酒井', '工藤', '横山', '宮本', '内田', '高木', '安藤',
  '島田', '谷口', '大野', '高田', '丸山', '今井', '河野', '藤本', '村田', '武田', '上野', '杉山', '増田', '小山', '大塚', '平野', '菅原', '久保',
  '松井', '千葉', '岩崎', '桜井', '木下', '野口', '松尾', '菊地', '野村', '新井', '渡部', '佐野', '杉本', '古川', '大西', '浅野', '市川', '荒木',
  '星野', '関', '吉川', '須藤', '岩田', '高野', '内藤', '関口', '桑原', '小松', '堀', '栗原', '須田', '飯田', '吉村', '大橋', '小池', '川口',
  '荻原', '萩原', '茂木', '狩野', '富田', '黒沢', '黒澤', '金井', '田島', '松村', '石原', '片山', '北村', '中沢', '根岸', '六本木', '江原',
  '林', '辻', '本田', '秋山', '大川', '吉岡', '服部', '川村', '宮田', '平田', '奥村', '松下', '大谷', '小西', '西田', '中田', '川崎', '新谷',
];

const HONORIFIC = '(?:さん|さま|様|氏|君|くん|ちゃん|先生|議員|課長|係長|部長|主任|局長|院長|校長|教頭|社長|会長|所長|店長|医師|看護師)';

const HONORIFIC_HINT = new RegExp(HONORIFIC, 'u');

/** A given name: one to three kanji, or two to four kana, optionally after a space. */
const GIVEN = '(?:\\s?(?:[\\p{Script=Han}々]{1,3}|[\\p{Script=Hiragana}]{2,4}|[\\p{Script=Katakana}ー]{2,5}))';

/** Kanji that end given names (太郎, 花子, 由美, 健太…); a place or an institution ends otherwise (町, 県, 病院). */
const GIVEN_END = '[郎子美太也介輔樹香奈恵代江男夫雄彦司人斗翔菜花乃実里佳志之治次平吾蔵助朗史紀典宏弘博明和正信]';

const surnameAlternation = [...SURNAMES].sort((a, b) => b.length - a.length).join('|');

/** Family name (+ given name) + honorific: 田中さん, 山田太郎様, 佐藤 花子 先生. */
const NAME_WITH_HONORIFIC = new RegExp(`(?:${surnameAlternation})${GIVEN}?(?=\\s?${HONORIFIC})`, 'gu');

/** Family name + given name without honorific, when the given name ends as given names do: 高橋健太が. */
const FULL_NAME = new RegExp(`(?<![\\p{Script=Han}々])(?:${surnameAlternation.split('|').filter((s) => s.length >= 2).join('|')})\\s?[\\p{Script=Han}々]{0,2}${GIVEN_END}(?![\\p{Script=Han}々])`, 'gu');

/** A name introduced by who the person is: 隣の家の○○さん, 担当の○○. */
const CUED_NAME = /(?<=(?:近所|隣|隣家|担当|職員|同僚|友人|知人|上司|先生|運転手|ドライバー|店主)の|(?:名前|氏名)は)\s?[\p{Script=Han}々]{2,4}?(?=\s?(?:さん|さま|様|氏|君|くん|ちゃん|課長|係長|部長|先生|という|が|は|に|から|です))/gu;

/** Foreign names in katakana before an honorific: グエンさん, マリア・シルバさん. */
const KATAKANA_NAME = /(?<![\p{Script=Katakana}ー・])[\p{Script=Katakana}ー][\p{Script=Katakana}ー・]{1,15}(?=\s?(?:さん|さま|様|氏|君|くん|ちゃん))/gu;

/** Katakana words used with さん that are roles, not names. */
const KATAKANA_ROLES = new Set(['ヘルパー', 'ケアマネ', 'ケアマネージャー', 'ドライバー', 'ボランティア', 'スタッフ', 'オーナー', 'コーチ', 'ママ', 'パパ', 'ガイド', 'シェフ', 'パート', 'アルバイト', 'バイト', 'サポーター', 'マスター', 'ナース', 'ホスト', 'ゲスト', 'パートナー', 'ベビーシッター']);

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu;

/** Japanese telephone numbers: area code with separators, mobile numbers, or 10–11 digits from 0. */
const PHONE = /(?<![\d.,])(?:\(?0\d{1,4}\)?[-‐−ー ]?\(?\d{1,4}\)?[-‐−ー ]\d{3,4}|0[5789]0\d{8}|0\d{9})(?![\d,])/gu;

const NUMERAL = '[\\d一二三四五六七八九十〇]';

/** A street address: a place name followed by 番地, 番…号 or 丁目 and numbers. Place names alone are not addresses. */
const ADDRESS = new RegExp(
  [
    `[\\p{Script=Han}\\p{Script=Katakana}ヶケ々]{1,14}(?:${NUMERAL}+丁目)?${NUMERAL}+番地(?:の?\\d+)?(?:[-の]\\d+)*(?:号)?`,
    `[\\p{Script=Han}\\p{Script=Katakana}ヶケ々]{1,14}(?:${NUMERAL}+丁目)?${NUMERAL}+番${NUMERAL}+号`,
    `[\\p{Script=Han}ヶケ々]{1,14}(?:町|${NUMERAL}+丁目)\\d+-\\d+(?:-\\d+)?`,
  ].join('|'),
  'gu',
);

/** Plate regions: the Gunma offices and the larger ones elsewhere. */
const PLATE_REGIONS = [
  '群馬', '前橋', '高崎', '桐生', '伊勢崎', '太田', '足利', '宇都宮', 'とちぎ', '栃木', '那須', '熊谷', '大宮', '所沢', '春日部', '川越', '川口', '越谷',
  '埼玉', '品川', '練馬', '足立', '多摩', '八王子', '横浜', '川崎', '相模', '湘南', '千葉', '習志野', '柏', '野田', '成田', '袖ヶ浦', '水戸', '土浦',
  'つくば', '長野', '松本', '新潟', '長岡', '山梨', '富士山', '名古屋', '尾張小牧', '豊田', '三河', '大阪', 'なにわ', '和泉', '堺', '神戸', '姫路',
  '京都', '札幌', '仙台', '福岡', '北九州', '広島', '静岡', '浜松', '沼津', '岐阜', '三重',
];

const PLATE = new RegExp(`(?:${PLATE_REGIONS.join('|')})\\s?\\d{2,3}\\s?[\\p{Script=Hiragana}]\\s?(?:\\d{1,2}-\\d{2}|\\d{4}|[・.]{1,3}\\d{1,3})`, 'gu');

const digitsOnly = (text: string) => text.replace(/\D/g, '');

/**
 * Finds third-party personal data in an opinion and proposes redactions. Rules only, so every
 * proposal can be explained by its pattern. Overlapping findings are merged, the longer kept.
 */
export function detectPii(text: string, params: PiiParams = PII_PARAMS): PiiSpan[] {
  const { text: normalized, offsets } = normalizeWithOffsets(text);
  const publicNumbers = new Set(params.publicPhoneNumbers.map(digitsOnly));
  const found: { kind: PiiKind; start: number; end: number }[] = [];
  const collect = (kind: PiiKind, pattern: RegExp, keep: (match: string) => boolean = () => true) => {
    for (const match of normalized.matchAll(pattern)) {
      let value = match[0].trim();
      // An opening bracket belongs to the number only when it closes around the area code: (0270)12-3456.
      if (value.startsWith('(') && !value.includes(')')) value = value.slice(1);
      if (!value || !keep(value)) continue;
      const start = match.index + match[0].indexOf(value);
      found.push({ kind, start, end: start + value.length });
    }
  };
  // Cheap tests first: most opinions hold none of these, and the full patterns are the cost.
  const hasHonorific = HONORIFIC_HINT.test(normalized);
  if (normalized.includes('@')) collect('email', EMAIL);
  if (/0\d/u.test(normalized)) {
    collect('phone', PHONE, (value) => {
      const digits = digitsOnly(value);
      return digits.length >= 10 && digits.length <= 11 && !publicNumbers.has(digits);
    });
  }
  if (/番|丁目|町\d/u.test(normalized)) collect('address', ADDRESS);
  if (/\d\s?\p{Script=Hiragana}\s?[\d・.]/u.test(normalized)) collect('plate', PLATE);
  if (hasHonorific) collect('name', NAME_WITH_HONORIFIC);
  collect('name', FULL_NAME);
  collect('name', CUED_NAME);
  if (hasHonorific) collect('name', KATAKANA_NAME, (value) => !KATAKANA_ROLES.has(value));

  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof found = [];
  for (const span of found) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      if (span.end > last.end) last.end = span.end;
      continue;
    }
    merged.push({ ...span });
  }
  return merged.map((span) => {
    const original = originalSpan(offsets, span.start, span.end);
    return { kind: span.kind, ...original, text: text.slice(original.start, original.end) };
  });
}

/** The text with the given spans replaced by 〔個人情報のため削除〕. */
export function applyRedactions(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    out += text.slice(at, span.start) + REDACTION_MARK;
    at = span.end;
  }
  return out + text.slice(at);
}
