'use client';

import { createContext, useContext, type ReactNode } from 'react';

export type ErrorMessages = { errorTitle: string; errorBody: string; retry: string; backHome: string };

const ErrorMessagesContext = createContext<ErrorMessages | null>(null);

/**
 * The error page's four strings, translated on the server by the root layout. The error
 * boundary is part of every page's script; with next-intl's client runtime (about 12 KB
 * gzipped) it made reading pages heavier for four strings.
 */
export function ErrorMessagesProvider({ messages, children }: { messages: ErrorMessages; children: ReactNode }) {
  return <ErrorMessagesContext value={messages}>{children}</ErrorMessagesContext>;
}

export function useErrorMessages(): ErrorMessages {
  const messages = useContext(ErrorMessagesContext);
  if (!messages) throw new Error('useErrorMessages outside ErrorMessagesProvider');
  return messages;
}
