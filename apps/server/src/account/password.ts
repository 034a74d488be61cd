import { hash, verify } from '@node-rs/argon2';
import { isLegacyHash, isLegacyPasswordCorrect } from './legacy-password.ts';

// Argon2id with OWASP's minimum parameters (19 MiB, 2 passes): strong, yet fast enough for a login surge.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/**
 * Checks a password against its stored hash — argon2id, or the old platform's hash of an account moved in and not
 * yet signed in; a malformed hash counts as a mismatch.
 */
export async function isPasswordCorrect(passwordHash: string, password: string): Promise<boolean> {
  if (isLegacyHash(passwordHash)) return isLegacyPasswordCorrect(passwordHash, password);
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
