import type { MessageKey } from '@/lib/actions/message-keys';

/** What every staff action returns to its form. Messages are keys into messages/ja.json (a wrong key fails typecheck). */
export type ActionState =
  | { status: 'idle' }
  | {
      status: 'ok';
      message: MessageKey;
      /** The message's arguments (a count, a receipt number). */
      values?: Record<string, string | number>;
      /** Where to go next (the submission just entered): shown as a link under the message. */
      link?: { href: string; label: MessageKey };
    }
  | {
      status: 'error';
      formError?: MessageKey;
      fieldErrors?: Record<string, MessageKey[] | undefined>;
      denied?: 'anonymous' | 'forbidden' | 'second-factor';
      /** Lines already in Japanese that explain the error (a save conflict, what a split left out). */
      details?: string[];
    };

export const IDLE: ActionState = { status: 'idle' };
