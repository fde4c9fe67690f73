'use client';

import { createContext, useContext, type ReactNode } from 'react';

export type ErrorMessages = { errorTitle: string; errorBody: string; retry: string; backHome: string };
/** The strings, and the home page in the page's language (the link back keeps the language). */
type ErrorPageContext = ErrorMessages & { homeHref: string };

const ErrorMessagesContext = createContext<ErrorPageContext | null>(null);

/**
 * The error page's four strings, translated on the server by the root layout. The error
 * boundary is part of every page's script; with next-intl's client runtime (about 12 KB
 * gzipped) it made reading pages heavier for four strings.
 */
export function ErrorMessagesProvider({ messages, homeHref, children }: { messages: ErrorMessages; homeHref: string; children: ReactNode }) {
  return <ErrorMessagesContext value={{ ...messages, homeHref }}>{children}</ErrorMessagesContext>;
}

export function useErrorMessages(): ErrorPageContext {
  const messages = useContext(ErrorMessagesContext);
  if (!messages) throw new Error('useErrorMessages outside ErrorMessagesProvider');
  return messages;
}
