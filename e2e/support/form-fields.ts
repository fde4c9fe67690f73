import { expect, type Locator } from '@playwright/test';

/** A form's fields by label: text and selects by value, checkboxes and radio buttons checked or not. */
export type FormValues = Record<string, string | boolean>;

/**
 * Every field of the form as it is shown, by its label (its accessible name: aria-label,
 * aria-labelledby or its <label>s; the field's name when it has none): text and selects by value,
 * checkboxes and radio buttons as checked or not. Hidden inputs and buttons are not fields.
 */
export async function readForm(form: Locator): Promise<FormValues> {
  return form.evaluate((element) => {
    const out: Record<string, string | boolean> = {};
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    for (const el of Array.from((element as HTMLFormElement).elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
      if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
      const labelledBy = el.getAttribute('aria-labelledby');
      const label =
        el.getAttribute('aria-label') ??
        (labelledBy ? labelledBy.split(/\s+/).map((id) => text(document.getElementById(id))).join(' ') : Array.from(el.labels ?? []).map(text).join(' '));
      let key = label.trim() || `[name=${el.name}]`;
      for (let n = 2; key in out; n++) key = `${label.trim() || `[name=${el.name}]`} #${n}`;
      out[key] = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value;
    }
    return out;
  });
}

/**
 * The form shows exactly `expected` in every field (none missing, none added, none reset). `pick`,
 * applied to both sides, leaves out fields other tests add or rename meanwhile (a list of every
 * department): see its use.
 */
export async function expectForm(form: Locator, expected: FormValues, when: string, pick: (values: FormValues) => FormValues = (values) => values): Promise<void> {
  await expect.poll(async () => pick(await readForm(form).catch(() => ({}))), { message: `every field ${when}` }).toEqual(pick(expected));
}

