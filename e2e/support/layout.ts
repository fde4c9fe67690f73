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

/** Phone widths every page is checked at (beside 768 and 1280 px), narrowest last. */
export const PHONE_WIDTHS = [390, 320] as const;

/**
 * The page as it is now, at 390 and 320 px: nothing scrolls sideways, not even a table inside its
 * own box (on a phone every table fits or stacks its rows). Then back to the window's width.
 */
export async function expectFitsPhones(page: Page, label = page.url()): Promise<void> {
  const before = page.viewportSize();
  for (const width of PHONE_WIDTHS) {
    await page.setViewportSize({ width, height: before?.height ?? 900 });
    await expectNoHorizontalScroll(page, `${label} at ${width}px`, 'body', { tablesMayScroll: false });
  }
  if (before) await page.setViewportSize(before);
}
