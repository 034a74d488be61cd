import { createHash, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * How the old platform hashed a password: bcrypt, or a digest (MD5, SHA-1, SHA-256) of the password with its salt
 * before or after it (or none), written as hex or base64. Old platforms differ; the import is told which.
 */
export type LegacyHashFormat =
  { algorithm: 'bcrypt' } | ({ algorithm: 'md5' | 'sha1' | 'sha256' } & DigestFormat);

/** Where a digest's salt goes, and how the digest is written. */
export interface DigestFormat {
  salt: 'none' | 'prefix' | 'suffix';
  encoding: 'hex' | 'base64';
}

const legacyPrefix = '$legacy$';

/**
 * The old hash as Zhibao stores it until the first sign-in: bcrypt as it is (it names itself), a digest as
 * `$legacy$<algorithm>$<salt position>$<encoding>$<salt, base64url>$<digest>`, so that it says how to check it.
 */
export function storedLegacyHash(format: LegacyHashFormat, digest: string, salt: string): string {
  if (format.algorithm === 'bcrypt') return digest;
  const saltPart = Buffer.from(salt, 'utf8').toString('base64url');
  return `${legacyPrefix}${format.algorithm}$${format.salt}$${format.encoding}$${saltPart}$${digest}`;
}

/** True for a hash the old platform made (not yet replaced by argon2id). */
export function isLegacyHash(stored: string): boolean {
  return stored.startsWith(legacyPrefix) || /^\$2[aby]\$\d{2}\$/.test(stored);
}

/** Checks a password against an old platform's hash; anything malformed is a mismatch. */
export async function isLegacyPasswordCorrect(stored: string, password: string): Promise<boolean> {
  if (!stored.startsWith(legacyPrefix)) return bcrypt.compare(password, stored).catch(() => false);
  const [algorithm, saltPosition, encoding, saltPart, digest] = stored.slice(legacyPrefix.length).split('$');
  if (!algorithm || !['md5', 'sha1', 'sha256'].includes(algorithm) || !digest) return false;
  if (encoding !== 'hex' && encoding !== 'base64') return false;
  const salt = Buffer.from(saltPart ?? '', 'base64url').toString('utf8');
  const input =
    saltPosition === 'prefix' ? salt + password : saltPosition === 'suffix' ? password + salt : password;
  const computed = createHash(algorithm).update(input, 'utf8').digest();
  const expected = Buffer.from(encoding === 'hex' ? digest.toLowerCase() : digest, encoding);
  return expected.length === computed.length && timingSafeEqual(expected, computed);
}
