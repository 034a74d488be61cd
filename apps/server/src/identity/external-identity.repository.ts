import type { Database } from '../db/database.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';

// Owns external_identities, external_sign_in_attempts, external_first_sign_ins and external_sessions.

export function insertSignInAttempt(
  db: Database,
  attempt: {
    stateHash: string;
    providerId: string;
    nonce: string;
    codeVerifier: string;
    at: Date;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('external_sign_in_attempts')
    .values({
      state_hash: attempt.stateHash,
      provider_id: attempt.providerId,
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      created_at: attempt.at,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

/**
 * Takes a sign-in attempt for its answer: only once, only before it expires. The update is the check, so two
 * answers carrying the same state (a replay) cannot both pass.
 */
export function consumeSignInAttempt(db: Database, stateHash: string, providerId: string, at: Date) {
  return db
    .updateTable('external_sign_in_attempts')
    .set({ consumed_at: at })
    .where('state_hash', '=', stateHash)
    .where('provider_id', '=', providerId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['nonce', 'code_verifier'])
    .executeTakeFirst();
}

/** Attempts and first sign-ins long past their expiry: their rows only prove nothing any more. */
export async function deleteExpiredSignIns(db: Database, before: Date): Promise<void> {
  await db.deleteFrom('external_sign_in_attempts').where('expires_at', '<', before).execute();
  await db.deleteFrom('external_first_sign_ins').where('expires_at', '<', before).execute();
}

export function findLinkedUser(db: Database, providerId: string, subject: string) {
  return db
    .selectFrom('external_identities')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export function touchExternalIdentity(db: Database, providerId: string, subject: string, at: Date) {
  return db
    .updateTable('external_identities')
    .set({ last_sign_in_at: at })
    .where('provider_id', '=', providerId)
    .where('subject', '=', subject)
    .execute();
}

export function insertExternalIdentity(
  db: Database,
  identity: { providerId: string; subject: string; userId: string; at: Date },
) {
  return db
    .insertInto('external_identities')
    .values({
      provider_id: identity.providerId,
      subject: identity.subject,
      user_id: identity.userId,
      linked_at: identity.at,
      last_sign_in_at: identity.at,
    })
    .execute();
}

/**
 * What a provider verified waits for the person's choice (half an hour at most) sealed, as it holds the mobile
 * and ID numbers: `claims` keeps `{ keyId, data }`, the JSON encrypted (personal-data/personal-data-cipher.ts).
 */
export function insertFirstSignIn(
  db: Database,
  cipher: PersonalDataCipher,
  firstSignIn: {
    tokenHash: string;
    providerId: string;
    subject: string;
    claims: Record<string, unknown>;
    idToken: string | null;
    at: Date;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('external_first_sign_ins')
    .values({
      token_hash: firstSignIn.tokenHash,
      provider_id: firstSignIn.providerId,
      subject: firstSignIn.subject,
      claims: JSON.stringify(sealClaims(cipher, firstSignIn.claims)),
      id_token: sealIdToken(cipher, firstSignIn.idToken),
      created_at: firstSignIn.at,
      expires_at: firstSignIn.expiresAt,
    })
    .execute();
}

export async function findFirstSignIn(db: Database, cipher: PersonalDataCipher, tokenHash: string, at: Date) {
  const row = await db
    .selectFrom('external_first_sign_ins')
    .select(['provider_id', 'subject', 'claims', 'id_token'])
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return (
    row && {
      ...row,
      claims: openClaims(cipher, row.claims as Record<string, unknown>),
      id_token: openIdToken(cipher, row.id_token),
    }
  );
}

/*
 * The provider's ID token may carry the person's mobile and ID number among its claims: kept sealed like them,
 * as JSON text {keyId, data}; one written by an earlier version (a bare JWT) is read as it is.
 */
function sealIdToken(cipher: PersonalDataCipher, idToken: string | null): string | null {
  if (idToken === null) return null;
  const sealed = cipher.sealText(idToken);
  return JSON.stringify({ keyId: sealed.keyId, data: sealed.data.toString('base64') });
}

function openIdToken(cipher: PersonalDataCipher, stored: string | null): string | null {
  if (stored === null || !stored.startsWith('{')) return stored;
  const { keyId, data } = JSON.parse(stored) as { keyId: string; data: string };
  return cipher.openText({ keyId, data: Buffer.from(data, 'base64') });
}

function sealClaims(cipher: PersonalDataCipher, claims: Record<string, unknown>) {
  const sealed = cipher.sealText(JSON.stringify(claims));
  return { keyId: sealed.keyId, data: sealed.data.toString('base64') };
}

/** Claims as stored: sealed, or (written by an earlier version, no key id) as they came. */
function openClaims(cipher: PersonalDataCipher, stored: Record<string, unknown>): Record<string, unknown> {
  if (typeof stored.keyId !== 'string' || typeof stored.data !== 'string') return stored;
  return JSON.parse(cipher.openText({ keyId: stored.keyId, data: Buffer.from(stored.data, 'base64') }));
}

/** Uses a first sign-in up: the update is the check, so one verified identity creates or links one account. */
export async function consumeFirstSignIn(db: Database, tokenHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('external_first_sign_ins')
    .set({ consumed_at: at })
    .where('token_hash', '=', tokenHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function insertExternalSession(
  db: Database,
  cipher: PersonalDataCipher,
  session: { sessionId: string; providerId: string; idToken: string | null },
) {
  return db
    .insertInto('external_sessions')
    .values({
      session_id: session.sessionId,
      provider_id: session.providerId,
      id_token: sealIdToken(cipher, session.idToken),
    })
    .execute();
}

export async function findExternalSession(db: Database, cipher: PersonalDataCipher, sessionId: string) {
  const row = await db
    .selectFrom('external_sessions')
    .select(['provider_id', 'id_token'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row && { ...row, id_token: openIdToken(cipher, row.id_token) };
}
