import 'server-only';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

/** What the passkey actions return to the browser. Errors are keys into messages/ja.json (staffPasskey). */
export type PasskeyOptionsResult<T> = { status: 'ok'; options: T } | { status: 'error'; error: string };
export type PasskeyCheckOptions = PasskeyOptionsResult<PublicKeyCredentialRequestOptionsJSON>;
export type PasskeyRegistrationOptions = PasskeyOptionsResult<PublicKeyCredentialCreationOptionsJSON>;
export type PasskeyFinishResult = { status: 'ok'; recoveryCodes?: string[] } | { status: 'error'; error: string };

/** The message for a session that may not take this step. */
export function problemMessage(problem: 'anonymous' | 'not-allowed' | 'not-configured'): string {
  return `staffPasskey.problem.${problem}`;
}
