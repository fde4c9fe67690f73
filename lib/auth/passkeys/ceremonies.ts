import 'server-only';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Db } from '@/db/client';
import type { StaffActor } from '../session';
import type { RelyingParty } from './relying-party';
import { consumeChallenge, findPasskey, listPasskeys, recordPasskeyUse, savePasskey, storeChallenge } from './store';

/**
 * The two WebAuthn ceremonies with @simplewebauthn/server. Challenges live in the database
 * (store.ts) so the instance that checks the answer need not be the one that asked.
 * User verification (PIN or biometrics on the device) is required: the passkey is the second
 * factor after the mailed link, and the device alone should not be enough.
 */
export async function registrationOptions(db: Db, rp: RelyingParty, actor: StaffActor): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listPasskeys(db, actor.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: actor.email,
    userDisplayName: actor.name ?? actor.email,
    userID: new TextEncoder().encode(actor.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storeChallenge(db, { challenge: options.challenge, userId: actor.id, purpose: 'registration' });
  return options;
}

/** Verifies a new passkey and stores it; false when the answer does not hold (nothing stored). */
export async function verifyRegistration(db: Db, rp: RelyingParty, actor: StaffActor, response: RegistrationResponseJSON): Promise<boolean> {
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(db, { challenge, userId: actor.id, purpose: 'registration' }),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch {
    return false;
  }
  if (!verification.verified) return false;
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  await savePasskey(db, {
    id: credential.id,
    userId: actor.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: credential.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  });
  return true;
}

export async function authenticationOptions(db: Db, rp: RelyingParty, actor: StaffActor): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await listPasskeys(db, actor.id);
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] })),
    userVerification: 'required',
  });
  await storeChallenge(db, { challenge: options.challenge, userId: actor.id, purpose: 'authentication' });
  return options;
}

/**
 * Checks an assertion against this user's own passkeys: another person's key, an unknown key,
 * a wrong signature, another origin, a used or expired challenge all give false.
 */
export async function verifyAuthentication(db: Db, rp: RelyingParty, actor: StaffActor, response: AuthenticationResponseJSON): Promise<boolean> {
  if (typeof response?.id !== 'string') return false;
  const passkey = await findPasskey(db, actor.id, response.id);
  if (!passkey) return false;
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: (challenge) => consumeChallenge(db, { challenge, userId: actor.id, purpose: 'authentication' }),
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    });
  } catch {
    return false;
  }
  if (!verification.verified) return false;
  await recordPasskeyUse(db, passkey.id, verification.authenticationInfo.newCounter);
  return true;
}
