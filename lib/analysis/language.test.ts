import { describe, expect, it } from 'vitest';
import { LANGUAGE_TEXTS } from './eval/languages';
import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each(LANGUAGE_TEXTS.map((t) => [t.language, t.text]))('%s: %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });
  it('says und when there are no letters', () => {
    expect(detectLanguage('12345 !!!')).toBe('und');
  });
  it('Japanese with many kanji is still Japanese', () => {
    expect(detectLanguage('年少人口目標値設定根拠説明要求。')).toBe('zh');
    expect(detectLanguage('年少人口の目標値の根拠を説明してください。')).toBe('ja');
  });
});
