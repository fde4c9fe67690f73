/** Languages the city's desks serve, plus Japanese; `und` when the text gives no sign. */
export type Language = 'ja' | 'zh' | 'ne' | 'vi' | 'pt' | 'es' | 'tl' | 'en' | 'und';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** Frequent short words of each Latin-script language (function words, not topics). */
const STOPWORDS: Record<'vi' | 'pt' | 'es' | 'tl' | 'en', readonly string[]> = {
  vi: ['và', 'của', 'là', 'có', 'không', 'cho', 'được', 'tôi', 'các', 'những', 'trong', 'với', 'này', 'người', 'một', 'để', 'chúng', 'xe', 'buýt', 'rất'],
  pt: ['que', 'não', 'para', 'com', 'uma', 'os', 'as', 'do', 'da', 'dos', 'das', 'em', 'por', 'mais', 'muito', 'eu', 'nós', 'é', 'são', 'também', 'ônibus', 'você'],
  es: ['que', 'el', 'los', 'las', 'del', 'para', 'con', 'una', 'por', 'es', 'muy', 'yo', 'nosotros', 'también', 'pero', 'más', 'hay', 'está', 'autobús', 'usted'],
  tl: ['ang', 'ng', 'mga', 'sa', 'na', 'at', 'ay', 'po', 'ako', 'kami', 'namin', 'para', 'hindi', 'ito', 'kung', 'sana', 'lang', 'pero', 'natin', 'bus'],
  en: ['the', 'and', 'is', 'are', 'to', 'of', 'for', 'in', 'we', 'i', 'it', 'this', 'that', 'please', 'not', 'with', 'should', 'would', 'bus', 'our'],
};

/** Letters only Vietnamese uses among these languages (ơ, ư, đ and stacked tone marks). */
const VIETNAMESE_LETTERS = /[ơưđăâêôạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;

/**
 * Detects the language of an opinion by script, then by the share of each language's function
 * words for Latin script. Deterministic and explainable; good enough to tell a clerk that a
 * text needs translation, not a linguistic claim.
 */
export function detectLanguage(text: string): Language {
  const sample = text.normalize('NFC').slice(0, 2000);
  const kana = count(sample, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(sample, /\p{Script=Han}/gu);
  const devanagari = count(sample, /\p{Script=Devanagari}/gu);
  const latin = count(sample, /\p{Script=Latin}/gu);
  const letters = kana + han + devanagari + latin;
  if (letters === 0) return 'und';
  if (devanagari >= Math.max(kana + han, latin) && devanagari > 0) return 'ne';
  if (kana + han >= latin) {
    if (kana > 0 && kana >= han * 0.1) return 'ja';
    return han > 0 ? (kana === 0 ? 'zh' : 'ja') : 'und';
  }
  if (count(sample, VIETNAMESE_LETTERS) >= 2) return 'vi';
  const words = sample.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let best: Language = 'und';
  let bestScore = 0;
  for (const [language, list] of Object.entries(STOPWORDS) as [keyof typeof STOPWORDS, readonly string[]][]) {
    const set = new Set(list);
    let score = words.filter((word) => set.has(word)).length;
    if (language === 'es' && /[ñ¿¡]/u.test(sample)) score += 2;
    if (language === 'pt' && /[ãõç]/u.test(sample)) score += 2;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
