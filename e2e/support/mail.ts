import { expect } from '@playwright/test';

export type CaughtMail = { to: string[]; subject: string; text: string };

/** The mail the app sent to `address`, from the test's mail catcher (waits for it to arrive). */
export async function mailTo(address: string): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await fetch(`${process.env.MAIL_CATCHER_URL}/messages`)).json()) as CaughtMail[];
      found = messages.find((m) => m.to.includes(address));
      return Boolean(found);
    }, { timeout: 20_000 })
    .toBe(true);
  return found!;
}
