import { expect, type Page } from '@playwright/test';

/**
 * Every control on the page is a design-system part (components/ui), not a browser default:
 * - a `button` carries the Button class (`.button`) and its height (≥ 36 px);
 * - a select is the Select part (`select.select` inside `.select-wrap`, no native chevron);
 * - a text-like input, a date or file input and a textarea sit in a Field (`.field`, label, hint,
 *   error) and have the design system's box: a solid border and a 44 px target, not Chromium's
 *   inset border and auto height;
 * - a checkbox has the design system's 24 px box.
 * Names up to five offenders, to say what to fix.
 */
export async function expectDesignSystemControls(page: Page, label = page.url()): Promise<void> {
  const offenders = await page.evaluate(() => {
    const out: string[] = [];
    const name = (e: Element) => {
      const text = (e.textContent ?? '').trim().slice(0, 20);
      return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''}${e instanceof HTMLInputElement ? `[type=${e.type}]` : ''}${text && e.tagName === 'BUTTON' ? ` "${text}"` : ''}`;
    };
    const px = (value: string) => parseFloat(value) || 0;
    // The honeypot field residents never see is not a control anyone uses.
    const used = (e: Element) => !e.closest('.hp');
    for (const button of document.querySelectorAll('button')) {
      if (!used(button)) continue;
      const style = getComputedStyle(button);
      if (!button.classList.contains('button')) out.push(`${name(button)}: not a Button (.button)`);
      else if (px(style.minHeight) < 36) out.push(`${name(button)}: min-height ${style.minHeight}`);
    }
    for (const select of document.querySelectorAll('select')) {
      if (!used(select)) continue;
      const style = getComputedStyle(select);
      if (!select.classList.contains('select') || !select.parentElement?.classList.contains('select-wrap')) out.push(`${name(select)}: not a Select`);
      else if (style.appearance !== 'none') out.push(`${name(select)}: browser chevron (appearance ${style.appearance})`);
    }
    for (const control of document.querySelectorAll('input, textarea')) {
      if (!used(control)) continue;
      const type = control instanceof HTMLInputElement ? control.type : 'textarea';
      if (type === 'hidden') continue;
      const style = getComputedStyle(control);
      if (type === 'checkbox' || type === 'radio') {
        if (Math.round(px(style.width)) !== 24) out.push(`${name(control)}: ${style.width} wide, not the 24 px box`);
        continue;
      }
      if (!control.closest('.field')) out.push(`${name(control)}: not in a Field`);
      if (style.borderTopStyle !== 'solid' || px(style.minHeight) < 44) out.push(`${name(control)}: browser-default box (border ${style.borderTopStyle}, min-height ${style.minHeight})`);
    }
    return out.slice(0, 5);
  });
  expect(offenders, `${label}: controls that are not design-system parts`).toEqual([]);
}
