/** What every staff action returns to its form. Messages are keys into messages/ja.json. */
export type ActionState =
  | { status: 'idle' }
  | { status: 'ok'; message: string }
  | { status: 'error'; formError?: string; fieldErrors?: Record<string, string[] | undefined>; denied?: 'anonymous' | 'forbidden' };

export const IDLE: ActionState = { status: 'idle' };
