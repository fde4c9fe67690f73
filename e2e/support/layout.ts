import { expect, type Page } from '@playwright/test';

/**
 * No sideways scrolling: the page is no wider than the window, and no element in `scope`
 * sticks out of it, apart from wide tables inside their own scrolling box and visually hidden
 * text. Names up to three elements that do, to say what to fix.
 */
export async function expectNoHorizontalScroll(page: Page, label = page.url(), scope: 'main' | 'body' = 'body'): Promise<void> {
  const overflow = await page.evaluate((selector) => {
    const width = document.documentElement.clientWidth;
    return {
      scrolls: document.documentElement.scrollWidth > width,
      wide: [...document.querySelectorAll(`${selector} *`)]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .filter((e) => !e.closest('.table-wrap, .table-scroll, .visually-hidden, .hp, .skip-link'))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    };
  }, scope);
  expect(overflow, label).toEqual({ scrolls: false, wide: [] });
}
