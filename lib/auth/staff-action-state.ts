/** What every staff action returns to its form. Messages are keys into messages/ja.json. */
export type ActionState =
  | { status: 'idle' }
  | { status: 'ok'; message: string; details?: string[] }
  | {
      status: 'error';
      formError?: string;
      fieldErrors?: Record<string, string[] | undefined>;
      denied?: 'anonymous' | 'forbidden' | 'second-factor';
      /** Lines already in Japanese that explain the error (a save conflict, what a split left out). */
      details?: string[];
    };

export const IDLE: ActionState = { status: 'idle' };
