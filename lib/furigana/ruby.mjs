// @ts-check
/**
 * Furigana (ruby readings) over the kanji of a rendered resident page, for `?ruby=1`
 * (server.mjs). Readings come from kuromoji's IPA dictionary, which ships inside the package:
 * nothing is downloaded. The tokenizer loads once per process, on the first page asked for
 * with furigana; each text is annotated once and kept (TEXT_CACHE).
 *
 * Readings are CSS generated content (`<rt data-ruby="よみ">` and `rt::before` in
 * app/resident-i18n.css), so copying the text never copies them. The page is served without
 * its scripts: React would otherwise throw the annotations away when it hydrates. Every resident
 * page works without JavaScript.
 *
 * The HTML is React's own output, where `<` and `>` inside attribute values and text are always
 * escaped, so splitting it at tags is exact.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import kuromoji from 'kuromoji';

const KANJI = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヵヶ]/;
const KANA = /^[\u3041-\u3096\u30A1-\u30FAー]$/;
/** Readings the general dictionary gets wrong in this city. */
const LOCAL_READINGS = new Map([['伊勢崎', 'いせさき']]);
/** Elements whose text takes no ruby: not phrasing content, or ruby already. */
const NO_RUBY = new Set(['head', 'title', 'script', 'style', 'textarea', 'option', 'select', 'ruby', 'rt', 'rp', 'noscript', 'template', 'svg', 'math']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TEXT_CACHE_LIMIT = 50_000;

/** @type {Map<string, string>} */
const textCache = new Map();
/** @type {Promise<import('kuromoji').Tokenizer<import('kuromoji').IpadicFeatures>> | undefined} */
let tokenizer;

function loadTokenizer() {
  tokenizer ??= new Promise((resolve, reject) => {
    const dicPath = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((error, built) => {
      if (error) {
        tokenizer = undefined;
        reject(error);
      } else resolve(built);
    });
  });
  return tokenizer;
}

/** @param {string} text */
export function toHiragana(text) {
  return text.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** @param {string} text */
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One word with its reading over the kanji only: 示し（しめし）→ <ruby>示<rt data-ruby="しめ"></rt></ruby>し.
 * @param {string} surface
 * @param {string} reading hiragana
 */
export function rubyWord(surface, reading) {
  const chars = [...surface];
  const sounds = [...reading];
  let before = '';
  let after = '';
  while (chars.length > 1 && sounds.length > 1 && KANA.test(chars.at(-1) ?? '') && toHiragana(chars.at(-1) ?? '') === sounds.at(-1)) {
    after = chars.pop() + after;
    sounds.pop();
  }
  while (chars.length > 1 && sounds.length > 1 && KANA.test(chars[0] ?? '') && toHiragana(chars[0] ?? '') === sounds[0]) {
    before += chars.shift();
    sounds.shift();
  }
  return `${before}<ruby>${chars.join('')}<rt data-ruby="${escapeAttribute(sounds.join(''))}"></rt></ruby>${after}`;
}

/**
 * Segments of a text with the reading of each word that has kanji.
 * @param {string} text
 * @returns {Promise<{ text: string, reading?: string }[]>}
 */
export async function readings(text) {
  const words = (await loadTokenizer()).tokenize(text);
  /** @type {{ text: string, reading?: string }[]} */
  const out = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const local = [...LOCAL_READINGS].find(([surface]) => text.startsWith(surface, word.word_position - 1));
    if (local) {
      // A local name the dictionary splits or misreads: one word, the city's reading.
      out.push({ text: local[0], reading: local[1] });
      let covered = word.surface_form.length;
      while (covered < local[0].length && words[i + 1]) covered += words[++i]?.surface_form.length ?? 0;
      continue;
    }
    const reading = word.reading && word.reading !== '*' ? toHiragana(word.reading) : undefined;
    out.push(KANJI.test(word.surface_form) && reading ? { text: word.surface_form, reading } : { text: word.surface_form });
  }
  return out;
}

/**
 * The text (escaped HTML text, as it stands between two tags) with ruby over its kanji; kept
 * in the cache unless `keep` is false.
 * @param {string} text
 * @param {boolean} [keep]
 */
async function rubyText(text, keep = true) {
  if (!KANJI.test(text)) return text;
  const cached = textCache.get(text);
  if (cached !== undefined) return cached;
  const html = (await readings(text)).map((s) => (s.reading ? rubyWord(s.text, s.reading) : s.text)).join('');
  if (!keep) return html;
  if (textCache.size >= TEXT_CACHE_LIMIT) textCache.delete(textCache.keys().next().value ?? '');
  textCache.set(text, html);
  return html;
}

/**
 * A rendered page with furigana over every Japanese text (the page's own language, or any
 * element with lang="ja…"), its scripts removed, and its links to resident pages keeping
 * `ruby=1`; the switch that turns furigana off (data-ruby-toggle) is left as it is. With
 * `keep: false` (one resident's answer: a confirmation, a receipt) no text is kept in the cache.
 * @param {string} html
 * @param {{ keep?: boolean }} [options]
 */
export async function addRuby(html, { keep = true } = {}) {
  const withoutScripts = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<link\b[^>]*\bas="script"[^>]*>/gi, '');
  const pieces = withoutScripts.split(/(<[^>]*>)/);
  /** @type {{ tag: string, ja: boolean, skip: boolean }[]} */
  const stack = [];
  const out = [];
  for (const piece of pieces) {
    if (piece.startsWith('<')) {
      out.push(keepRuby(piece));
      const close = /^<\/([a-zA-Z0-9-]+)/.exec(piece);
      if (close) {
        const name = close[1]?.toLowerCase();
        const at = stack.map((e) => e.tag).lastIndexOf(name ?? '');
        if (at >= 0) stack.length = at;
        continue;
      }
      const open = /^<([a-zA-Z][a-zA-Z0-9-]*)/.exec(piece);
      if (!open || piece.startsWith('<!') || piece.endsWith('/>')) continue;
      const tag = open[1]?.toLowerCase() ?? '';
      if (VOID.has(tag)) continue;
      const parent = stack.at(-1);
      const lang = /\slang="([^"]*)"/.exec(piece)?.[1];
      // The switch itself stays as written: its name is what a resident looks for.
      const skip = NO_RUBY.has(tag) || piece.includes('data-ruby-toggle') || (parent?.skip ?? false);
      stack.push({ tag, ja: lang === undefined ? (parent?.ja ?? false) : /^ja\b/i.test(lang), skip });
      continue;
    }
    const here = stack.at(-1);
    out.push(here && here.ja && !here.skip ? await rubyText(piece, keep) : piece);
  }
  return out.join('');
}

/**
 * Keeps `ruby=1` on links to the app's own resident pages.
 * @param {string} tag
 */
function keepRuby(tag) {
  if (!tag.startsWith('<a ') || tag.includes('data-ruby-toggle')) return tag;
  return tag.replace(/\shref="(\/(?!api\/|staff|_next\/)[^"#?]*)(\?[^"#]*)?(#[^"]*)?"/, (_, pathname, query, hash) => {
    const params = new URLSearchParams((query ?? '').replace(/^\?/, '').replace(/&amp;/g, '&'));
    params.set('ruby', '1');
    return ` href="${pathname}?${params.toString().replace(/&/g, '&amp;')}${hash ?? ''}"`;
  });
}
