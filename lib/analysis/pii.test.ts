import { describe, expect, it } from 'vitest';
import { applyRedactions, detectPii, REDACTION_MARK } from './pii';

const found = (text: string) => detectPii(text).map((span) => [span.kind, span.text]);

describe('detectPii: personal data', () => {
  it.each([
    ['隣の田中太郎さんがうるさい', [['name', '田中太郎']]],
    ['担当の渡辺課長に相談しました', [['name', '渡辺']]],
    ['山本 花子 様から聞きました', [['name', '山本 花子']]],
    ['運転手の加藤一郎は乱暴です', [['name', '加藤一郎']]],
    ['ベトナム出身のグエンさん', [['name', 'グエン']]],
    ['携帯は090-1234-5678です', [['phone', '090-1234-5678']]],
    ['電話０２７０－１２－３４５６まで', [['phone', '０２７０－１２－３４５６']]],
    ['電話(0270)12-3456まで', [['phone', '(0270)12-3456']]],
    ['メール taro.yamada@example.jp へ', [['email', 'taro.yamada@example.jp']]],
    ['伊勢崎市今泉町二丁目410番地の家', [['address', '伊勢崎市今泉町二丁目410番地']]],
    ['波志江町3丁目5-12の交差点', [['address', '波志江町3丁目5-12']]],
    ['曲輪町1番2号の前', [['address', '曲輪町1番2号']]],
    ['群馬300さ12-34の車', [['plate', '群馬300さ12-34']]],
    ['前橋 500 あ ・・12 のトラック', [['plate', '前橋 500 あ ・・12']]],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('detectPii: false friends', () => {
  it.each([
    '市役所代表0270-24-5111に電話しました',
    '華蔵寺公園遊園地と伊勢崎市民病院',
    '今泉町の公園と境地区の町並み',
    '新規求人数の目標は1,630件、年少人口は28,929人',
    '令和6年3月の一部改訂、0.5%の増加',
    'ヘルパーさんや保育士さん、皆さん、お子さん、市長さん',
    '群馬大学や上武大学との連携',
    '石川県や千葉県から来る人',
    '中村地区の集会所',
  ])('%s', (text) => {
    expect(detectPii(text)).toEqual([]);
  });

  it('more published numbers can be configured', () => {
    expect(detectPii('子育て支援課 0270-27-2738', { publicPhoneNumbers: ['0270-27-2738'] })).toEqual([]);
    expect(detectPii('子育て支援課 0270-27-2738')).toHaveLength(1);
  });
});

describe('applyRedactions', () => {
  it('replaces each span of the original text with the mark', () => {
    const text = '近所の鈴木様（電話０９０－１１１１－２２２２）が';
    const spans = detectPii(text);
    expect(applyRedactions(text, spans)).toBe(`近所の${REDACTION_MARK}様（電話${REDACTION_MARK}）が`);
  });
});
