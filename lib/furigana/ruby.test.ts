import { describe, expect, it } from 'vitest';
import { addRuby, readings, rubyWord } from './ruby.mjs';

/** Sentences of the seed (db/seed/isesaki-2nd-strategy.txt) with readings checked by hand. */
const SEED_READINGS: [string, string][] = [
  ['第2期伊勢崎市まち・ひと・しごと創生総合戦略（改訂素案）', '第(だい)2期(き)伊勢崎(いせさき)市(し)まち・ひと・しごと創(そう)生(せい)総合(そうごう)戦略(せんりゃく)（改訂(かいてい)素案(そあん)）'],
  ['改訂の経緯及び方針', '改訂(かいてい)の経緯(けいい)及び(および)方針(ほうしん)'],
  ['年少人口の目標値の根拠を示してください。', '年少(ねんしょう)人口(じんこう)の目標(もくひょう)値(ち)の根拠(こんきょ)を示し(しめし)てください。'],
  ['国の計画期間に合わせて延長します', '国(くに)の計画(けいかく)期間(きかん)に合わせ(あわせ)て延長(えんちょう)します'],
  ['重要業績評価指標（KPI）', '重要(じゅうよう)業績(ぎょうせき)評価(ひょうか)指標(しひょう)（KPI）'],
  ['意見募集の一覧', '意見(いけん)募集(ぼしゅう)の一覧(いちらん)'],
];

describe('furigana', () => {
  it.each(SEED_READINGS)('reads %s as the hand-made list says', async (text, expected) => {
    const marked = (await readings(text)).map((s) => (s.reading ? `${s.text}(${s.reading})` : s.text)).join('');
    expect(marked).toBe(expected);
  });

  it('puts the reading over the kanji only, never over okurigana', () => {
    expect(rubyWord('示し', 'しめし')).toBe('<ruby>示<rt data-ruby="しめ"></rt></ruby>し');
    expect(rubyWord('合わせ', 'あわせ')).toBe('<ruby>合<rt data-ruby="あ"></rt></ruby>わせ');
    expect(rubyWord('お知らせ', 'おしらせ')).toBe('お<ruby>知<rt data-ruby="し"></rt></ruby>らせ');
    expect(rubyWord('伊勢崎', 'いせさき')).toBe('<ruby>伊勢崎<rt data-ruby="いせさき"></rt></ruby>');
  });

  it('annotates Japanese text only, outside scripts, titles, options and attributes, and keeps ruby=1 on resident links', async () => {
    const html = [
      '<html lang="en"><head><title>意見</title><script nonce="n">self.x="意見"</script></head><body>',
      '<p title="意見">Your 意見</p>',
      '<p lang="ja">伊勢崎市の<a href="/vi/consultations/x?kind=a&amp;b=1#items">意見</a></p>',
      '<select><option lang="ja">意見</option></select>',
      '<p lang="ja"><a href="/api/consultations/x">一覧</a> <a data-ruby-toggle="" href="/consultations/x">消す</a></p>',
      '</body></html>',
    ].join('');
    expect(await addRuby(html)).toBe(
      [
        '<html lang="en"><head><title>意見</title></head><body>',
        '<p title="意見">Your 意見</p>',
        '<p lang="ja"><ruby>伊勢崎<rt data-ruby="いせさき"></rt></ruby><ruby>市<rt data-ruby="し"></rt></ruby>の<a href="/vi/consultations/x?kind=a&amp;b=1&amp;ruby=1#items"><ruby>意見<rt data-ruby="いけん"></rt></ruby></a></p>',
        '<select><option lang="ja">意見</option></select>',
        '<p lang="ja"><a href="/api/consultations/x"><ruby>一覧<rt data-ruby="いちらん"></rt></ruby></a> <a data-ruby-toggle="" href="/consultations/x">消す</a></p>',
        '</body></html>',
      ].join(''),
    );
  });
});
