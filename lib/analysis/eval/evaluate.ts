import { Analyser } from '../analyse';
import { wordOverlapBaseline, type ItemText } from '../items';
import { detectLanguage } from '../language';
import { detectPii } from '../pii';
import { CAMPAIGN_TEXTS } from './campaigns';
import { ITEM_OPINIONS } from './item-opinions';
import { LANGUAGE_TEXTS } from './languages';
import { pairwiseScores, spanScores, topKAccuracy } from './metrics';
import { PII_TEXTS } from './pii-texts';

type Split = 'dev' | 'heldout';

/** Offsets of each expected substring, searched in order. */
function expectedSpans(text: string, pii: readonly string[]) {
  let from = 0;
  return pii.map((part) => {
    const start = text.indexOf(part, from);
    if (start < 0) throw new Error(`"${part}" is not in "${text}"`);
    from = start + part.length;
    return { start, end: start + part.length };
  });
}

/** Every quality figure of the analysis on the hand-written set, per split. */
export function evaluateQuality(items: readonly ItemText[]) {
  const analyser = new Analyser(items);
  const baseline = wordOverlapBaseline(items);

  const itemScores = (split: Split) => {
    const cases = ITEM_OPINIONS.filter((o) => o.split === split);
    return {
      method: topKAccuracy(cases.map((o) => ({ expected: o.item, ranked: analyser.suggester.suggest(o.text).map((s) => s.itemNumber) }))),
      baseline: topKAccuracy(cases.map((o) => ({ expected: o.item, ranked: baseline(o.text) }))),
    };
  };

  // Campaign texts and every item opinion (each written on its own) are grouped together.
  const texts = [
    ...CAMPAIGN_TEXTS.map((c) => ({ group: c.group, text: c.text, split: c.split })),
    ...ITEM_OPINIONS.map((o, k) => ({ group: `item-opinion-${k}`, text: o.text, split: o.split })),
  ];
  const result = analyser.analyseAll(texts.map((t, k) => ({ id: k + 1, text: t.text, itemNumber: null })));
  const predicted = new Map(result.opinions.map((o) => [o.id, o.campaignGroup ?? `single-${o.id}`]));
  const truth = new Map(texts.map((t, k) => [k + 1, t.group]));
  const splitOf = (id: number) => texts[id - 1]!.split;
  const campaignScores = {
    dev: pairwiseScores(truth, predicted, (a, b) => splitOf(a) === 'dev' && splitOf(b) === 'dev'),
    // Pairs with at least one held-out text: held-out texts against everything.
    heldout: pairwiseScores(truth, predicted, (a, b) => splitOf(a) === 'heldout' || splitOf(b) === 'heldout'),
    all: pairwiseScores(truth, predicted),
  };

  const piiScores = (split: Split) =>
    spanScores(PII_TEXTS.filter((t) => t.split === split).map((t) => ({ expected: expectedSpans(t.text, t.pii), found: detectPii(t.text) })));

  const language = LANGUAGE_TEXTS.filter((t) => detectLanguage(t.text) === t.language).length / LANGUAGE_TEXTS.length;

  return {
    items: { dev: itemScores('dev'), heldout: itemScores('heldout') },
    campaigns: campaignScores,
    pii: { dev: piiScores('dev'), heldout: piiScores('heldout') },
    language: { accuracy: language, n: LANGUAGE_TEXTS.length },
  };
}
