import { expect, type Page } from '@playwright/test';

/**
 * No sideways scrolling: the page is no wider than the window, and no element in `scope`
 * sticks out of it, apart from visually hidden text and — unless `tablesMayScroll` is false —
 * wide tables inside their own scrolling box. With `tablesMayScroll: false` such a box that
 * scrolls sideways is itself a failure (a table the reader has to scroll inside is as hard to
 * read as a page they have to scroll). Names up to three elements that do, to say what to fix.
 */
export async function expectNoHorizontalScroll(page: Page, label = page.url(), scope: 'main' | 'body' = 'body', { tablesMayScroll = true } = {}): Promise<void> {
  const overflow = await page.evaluate(
    ({ selector, tablesMayScroll }) => {
      const width = document.documentElement.clientWidth;
      const exempt = tablesMayScroll ? '.table-wrap, .table-scroll, .visually-hidden, .hp, .skip-link' : '.visually-hidden, .hp, .skip-link';
      const describe = (e: Element) => `${e.tagName.toLowerCase()}.${e.className}`;
      return {
        scrolls: document.documentElement.scrollWidth > width,
        wide: [...document.querySelectorAll(`${selector} *`)]
          .filter((e) => e.getBoundingClientRect().right > width + 1)
          .filter((e) => !e.closest(exempt))
          .slice(0, 3)
          .map(describe),
        scrollingTables: tablesMayScroll
          ? []
          : [...document.querySelectorAll(`${selector} .table-wrap, ${selector} .table-scroll`)]
              .filter((e) => e.scrollWidth > e.clientWidth + 1)
              .slice(0, 3)
              .map((e) => `${describe(e)} scrolls ${e.scrollWidth - e.clientWidth}px sideways`),
      };
    },
    { selector: scope, tablesMayScroll },
  );
  expect(overflow, label).toEqual({ scrolls: false, wide: [], scrollingTables: [] });
}
