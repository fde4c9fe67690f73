import 'server-only';
import { assertServerEnvironment } from './env';

/**
 * Called once when a server starts (instrumentation.ts): a configuration that is not safe (no
 * public origin or no secrets in production) stops the process with the reason, as the
 * operator would otherwise find out from a hole rather than a message.
 */
export function checkServerEnvironmentOrExit(): void {
  try {
    assertServerEnvironment();
  } catch (error) {
    console.error(`configuration error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
