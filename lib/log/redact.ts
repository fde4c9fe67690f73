const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
/**
 * drizzle's DrizzleQueryError puts the query's parameters in its message and stack: a
 * submitter's name, address, e-mail and text when an insert fails. Up to the stack frames.
 */
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;
/** PostgreSQL quotes the offending input in some messages: `invalid input syntax for type integer: "…"`. */
const QUOTED_INPUT = /(: |value )"[^"]*"/g;

/**
 * Error text from other systems can quote personal data (an SMTP server names the rejected
 * recipient, a failed query carries its parameters). What goes to a log line passes through here.
 */
export function redactForLog(message: string): string {
  return message.replace(QUERY_PARAMS, '\nparams: [redacted]').replace(QUOTED_INPUT, '$1"[value]"').replace(EMAIL, '[e-mail]');
}

/**
 * Errors nobody caught (in a page, a server action) are logged by Next.js itself, with their
 * message, stack and own properties. Installed once per server process (instrumentation.ts),
 * this passes what console.error and console.warn print through the same redaction.
 */
export function redactConsoleOutput(): void {
  const marked = console as Console & { __redacted?: boolean };
  if (marked.__redacted) return;
  marked.__redacted = true;
  for (const level of ['error', 'warn'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => original(...args.map(redactLogArgument));
  }
}

export function redactLogArgument(argument: unknown): unknown {
  if (typeof argument === 'string') return redactForLog(argument);
  if (argument instanceof Error) redactError(argument, 0);
  return argument;
}

function redactError(error: Error, depth: number): void {
  error.message = redactForLog(error.message);
  if (error.stack) error.stack = redactForLog(error.stack);
  // drizzle's query parameters; PostgreSQL's detail ("Failing row contains (…)", "Key (…)=(…)").
  for (const key of ['params', 'detail'] as const) if (key in error) (error as unknown as Record<string, unknown>)[key] = '[redacted]';
  if (error.cause instanceof Error && depth < 5) redactError(error.cause, depth + 1);
}

/**
 * An error as one log line, for errors that may come from the database: a failed query's
 * message lists its parameters (names, addresses, opinion texts), so of such an error only the
 * statement is kept; of a database error only its code (its message may quote a value);
 * connection errors keep their message. Causes are followed.
 */
export function describeErrorForLog(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') {
      parts.push(redactForLog(String(e)));
      break;
    }
    const { query, params, code, severity, message } = e as { query?: unknown; params?: unknown; code?: unknown; severity?: unknown; message?: unknown };
    if (typeof query === 'string' && params !== undefined) {
      const line = `failed query: ${query.replace(/\s+/g, ' ').slice(0, 200)}${typeof code === 'string' ? ` (${code})` : ''}`;
      // PGlite's own error repeats drizzle's query, with the SQLSTATE: keep that one line.
      const previous = parts.at(-1);
      if (previous !== undefined && line.startsWith(previous)) parts[parts.length - 1] = line;
      else parts.push(line);
    }
    else if (severity !== undefined && code !== undefined) parts.push(`database error ${String(code)}`);
    else if (typeof message === 'string') parts.push(redactForLog(code ? `${message} (${String(code)})` : message));
  }
  return parts.join(' ← ') || 'unknown error';
}
