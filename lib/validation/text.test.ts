import { describe, expect, it } from 'vitest';
import { commentErrorKeys, commentSchema } from './comment';
import { DEFAULT_COMMENT_FORM_SETTINGS } from '@/db/schema/comment-form-settings';
import { hasVisibleText, normalizeText, ruledText, textProblem, trimInvisible } from './text';

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b', 'controlCharacters'],
    ['BEL', 'a\u0007b', 'controlCharacters'],
    ['ESC (ANSI colours)', '\u001b[31mred', 'controlCharacters'],
    ['vertical tab', 'a\u000bb', 'controlCharacters'],
    ['form feed', 'a\u000cb', 'controlCharacters'],
    ['DEL', 'a\u007fb', 'controlCharacters'],
    ['C1 NEL', 'a\u0085b', 'controlCharacters'],
    ['C1 CSI', 'a\u009bb', 'controlCharacters'],
    ['RLO', 'abc\u202Etxt.exe', 'bidiControls'],
    ['LRE', '\u202Aabc', 'bidiControls'],
    ['PDF', 'abc\u202C', 'bidiControls'],
    ['LRI', '\u2066abc', 'bidiControls'],
    ['PDI', 'abc\u2069', 'bidiControls'],
    ['lone high surrogate', 'a\uD83Db', 'invalidCharacters'],
    ['lone low surrogate', 'a\uDE00b', 'invalidCharacters'],
    ['noncharacter U+FFFE', 'a\uFFFEb', 'invalidCharacters'],
    ['noncharacter U+FDD0', 'a\uFDD0b', 'invalidCharacters'],
    ['noncharacter U+10FFFF', 'a\u{10FFFF}b', 'invalidCharacters'],
    ['replacement character (malformed bytes)', 'a\uFFFDb', 'invalidCharacters'],
  ] as const)('refuses %s in any field', (_name, text, problem) => {
    expect(textProblem(text, { multiline: true })).toBe(problem);
    expect(textProblem(text, { multiline: false })).toBe(problem === 'controlCharacters' && text.includes('\u0085') ? 'lineBreaks' : problem);
  });

  it('allows tab and line breaks in multi-line text only', () => {
    for (const text of ['a\tb', 'a\nb', 'a\r\nb', 'a\rb', 'a\u2028b']) {
      expect(textProblem(text, { multiline: true }), JSON.stringify(text)).toBeNull();
      expect(textProblem(text, { multiline: false }), JSON.stringify(text)).toBe('lineBreaks');
    }
  });

  it('allows what people write: Japanese, emoji with joiners, variation selectors, LRM, markup as text', () => {
    for (const text of [
      '伊勢崎市の人口は約21万人です。',
      '👨‍👩‍👧 家族で住みやすい街に',
      '辻󠄀 太郎',
      'abc\u200Edef',
      '<script>alert(1)</script>',
      "'; DROP TABLE submissions;--",
      '100% の_達成\\率',
      'ｶﾀｶﾅ ＡＢＣ １２３',
      'عربي English',
    ]) {
      expect(textProblem(text, { multiline: false }), text).toBeNull();
    }
  });

  it('turns CRLF and CR into LF and normalises to NFC, keeping CJK compatibility ideographs', () => {
    expect(normalizeText('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(normalizeText('か\u3099')).toBe('が');
    expect(normalizeText('e\u0301')).toBe('é');
    // NFC would turn U+FA19 (神) into U+795E (神): a name keeps the character it was written with.
    expect(normalizeText('\uFA19社 か\u3099')).toBe('\uFA19社 が');
    expect(normalizeText('\u{2F800}')).toBe('\u{2F800}');
    // Full-width and half-width forms are what the person typed: NFC keeps them.
    expect(normalizeText('ＡＢＣ１２３ｶﾞ')).toBe('ＡＢＣ１２３ｶﾞ');
    // Variation selectors (異体字セレクタ) stay.
    expect(normalizeText('辻\u{E0100}')).toBe('辻\u{E0100}');
  });

  it('trims spaces and zero-width characters at both ends, not in the middle or a variation selector', () => {
    expect(trimInvisible('\u200B\uFEFF\u3000 太郎 \u200B')).toBe('太郎');
    expect(trimInvisible('伊勢\u200B崎')).toBe('伊勢\u200B崎');
    expect(trimInvisible('辻\u{E0100}')).toBe('辻\u{E0100}');
  });

  it('counts text of spaces and invisible characters only as empty', () => {
    for (const text of ['', ' ', '\u3000', '\n\t', '\u200B', '\uFEFF', '\u200B\u200C\u200D\u2060\uFEFF', '\u00AD', '\u{E0100}', '\u3164']) {
      expect(hasVisibleText(text), JSON.stringify(text)).toBe(false);
    }
    for (const text of ['a', '\u200Ba', '。', '👍']) expect(hasVisibleText(text), text).toBe(true);
  });

  it('ruledText: refuses with the caller’s key, returns the normalised text, and empty for invisible text', () => {
    const schema = ruledText({ multiline: false, invalid: 'x.invalid', message: (p) => `x.${p}` });
    expect(schema.safeParse('a\u0000').error?.issues[0]?.message).toBe('x.controlCharacters');
    expect(schema.safeParse(42).error?.issues[0]?.message).toBe('x.invalid');
    expect(schema.parse(' か\u3099 ')).toBe('が');
    expect(schema.parse('\u200B\uFEFF')).toBe('');
  });
});

describe('the comment schema under the text rule', () => {
  const schema = commentSchema({ settings: DEFAULT_COMMENT_FORM_SETTINGS, itemNumbers: [1, 2, 3] });
  const comment = (submitter: Record<string, string>, text = '意見です。') => ({
    submitter: { name: '伊勢崎 太郎', address: '伊勢崎市今泉町', category: '市内在住', email: '', ...submitter },
    opinions: [{ itemNumber: 1, text }],
    consent: true,
  });
  const errors = (input: unknown) => {
    const parsed = schema.safeParse(input);
    return parsed.success ? {} : commentErrorKeys(parsed.error.issues);
  };

  it('ties each refusal to its field', () => {
    expect(errors(comment({ name: '太郎\u202E' }))).toEqual({ 'submitter.name': 'bidiControls' });
    expect(errors(comment({ address: '今泉町\n2丁目' }))).toEqual({ 'submitter.address': 'lineBreaks' });
    expect(errors(comment({ email: 'taro@example.jp\u202E' }))).toEqual({ 'submitter.email': 'bidiControls' });
    expect(errors(comment({}, '意見\u0000'))).toEqual({ 'opinions.0.text': 'controlCharacters' });
    expect(errors(comment({}, '意見\u202Eです'))).toEqual({ 'opinions.0.text': 'bidiControls' });
    expect(errors(comment({}, '\uD83D意見'))).toEqual({ 'opinions.0.text': 'invalidCharacters' });
  });

  it('counts invisible-only text as empty', () => {
    expect(errors(comment({ name: '\u200B\u200B' }))).toEqual({ 'submitter.name': 'nameRequired' });
    expect(errors(comment({}, '\u200B \uFEFF\n'))).toEqual({ 'opinions.0.text': 'opinionTextRequired' });
  });

  it('stores accepted text normalised: LF, NFC, names trimmed, opinions as sent otherwise, e-mail NFKC', () => {
    const parsed = schema.parse(comment({ name: ' \u200Bか\u3099く ', email: ' ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ ' }, '  一行目\r\n二行目 <b>太字</b>  '));
    expect(parsed.submitter.name).toBe('がく');
    expect(parsed.submitter.email).toBe('taro@example.jp');
    expect(parsed.opinions[0]!.text).toBe('  一行目\n二行目 <b>太字</b>  ');
  });

  it('measures length after normalising: 2,000 decomposed characters fit when NFC makes them 2,000', () => {
    expect(errors(comment({}, 'か\u3099'.repeat(2000)))).toEqual({});
    expect(errors(comment({}, 'が'.repeat(2001)))).toEqual({ 'opinions.0.text': 'opinionTextTooLong' });
  });
});

describe('one-line fields at their ends', () => {
  const schema = ruledText({ multiline: false, invalid: 'x.invalid', message: (p) => `x.${p}` });
  it('drops a tab or line break pasted at either end, and refuses one inside', () => {
    expect(schema.parse('伊勢崎 太郎\t')).toBe('伊勢崎 太郎');
    expect(schema.parse('\r\n伊勢崎 太郎\r\n')).toBe('伊勢崎 太郎');
    expect(schema.safeParse('伊勢崎\n太郎').error?.issues[0]?.message).toBe('x.lineBreaks');
    expect(schema.safeParse('伊勢崎 太郎\u0000').error?.issues[0]?.message).toBe('x.controlCharacters');
  });
});

describe('controls at the ends of one-line fields', () => {
  const schema = ruledText({ multiline: false, invalid: 'x.invalid', message: (p) => `x.${p}` });
  it('are refused like anywhere else (only spaces, tab, CR, LF and zero-width characters are trimmed)', () => {
    for (const control of ['\u000b', '\u000c', '\u0085', '\u0000', '\u001c']) {
      expect(schema.safeParse(`太郎${control}`).success, JSON.stringify(control)).toBe(false);
      expect(schema.safeParse(`${control}太郎`).success, JSON.stringify(control)).toBe(false);
    }
  });
});
