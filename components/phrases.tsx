import 'server-only';
import { loadDefaultJapaneseParser } from 'budoux';
import { Fragment } from 'react';

const parser = loadDefaultJapaneseParser();
/** Titles repeat on every page: each is parsed once per process (a bounded cache). */
const cache = new Map<string, string[]>();
const CACHE_MAX = 2_000;

function phrasesOf(text: string): string[] {
  let phrases = cache.get(text);
  if (!phrases) {
    phrases = parser.parse(text);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(text, phrases);
  }
  return phrases;
}

/**
 * Japanese text that breaks lines between phrases (BudouX), not inside them, so a title does not
 * leave 「ト）」 alone on a line. Rendered on the server as `<wbr>` between phrases, with
 * `word-break: keep-all` on the wrapper: no script and nothing for the CSP to allow. A phrase
 * wider than the line still breaks (overflow-wrap), so nothing overflows at 320 px.
 */
export function Phrases({ text }: { text: string }) {
  return (
    <span className="phrases">
      {phrasesOf(text).map((phrase, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {phrase}
        </Fragment>
      ))}
    </span>
  );
}
