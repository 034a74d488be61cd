import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * The keys personal information is encrypted with (身份证号, identity scans): every value is written under the
 * active key and carries the id of the key it was written under, so an older key still decrypts what it wrote
 * until `npm run db:rotate-personal-data-key` has written everything again under the active one. The lookup keys
 * make the keyed hashes that find a value without decrypting (uniqueness, "is this number registered"); they rotate
 * the same way (`lookupKeys`, `activeLookupKeyId`): a hash carries the id of its lookup key, lookups try every
 * configured lookup key, and the rotation recomputes each hash under the active one. A key set of the first
 * version, with a single `lookupKey`, reads as the lookup key `l1`.
 *
 * `aes-256-gcm` by default; `sm4-cbc-sm3` (SM4-CBC with an HMAC-SM3 tag, encrypt-then-MAC; this Node's OpenSSL
 * has no SM4-GCM) where a deployment's 密评 requires the national algorithms, which then also make the lookup
 * hashes (HMAC-SM3).
 */
export const personalDataAlgorithms = ['aes-256-gcm', 'sm4-cbc-sm3'] as const;
export type PersonalDataAlgorithm = (typeof personalDataAlgorithms)[number];

const base64Key = z
  .string()
  .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1–32 letters, digits, _ or -');
const firstLookupKeyId = 'l1';

export const personalDataKeysSchema = z.preprocess(
  (value) => {
    if (typeof value !== 'object' || value === null || !('lookupKey' in value)) return value;
    const { lookupKey, ...rest } = value as Record<string, unknown>;
    return { lookupKeys: { [firstLookupKeyId]: lookupKey }, activeLookupKeyId: firstLookupKeyId, ...rest };
  },
  z
    .object({
      algorithm: z.enum(personalDataAlgorithms).default('aes-256-gcm'),
      activeKeyId: keyId,
      keys: z.record(keyId, base64Key),
      activeLookupKeyId: keyId,
      lookupKeys: z.record(keyId, base64Key),
    })
    .refine((value) => value.activeKeyId in value.keys, {
      message: 'activeKeyId must name one of keys',
      path: ['activeKeyId'],
    })
    .refine((value) => value.activeLookupKeyId in value.lookupKeys, {
      message: 'activeLookupKeyId must name one of lookupKeys',
      path: ['activeLookupKeyId'],
    }),
);

export type PersonalDataKeys = z.infer<typeof personalDataKeysSchema>;

/** A fresh key set: one key, named after the day it was made. */
export function generatePersonalDataKeys(now: Date, algorithm: PersonalDataAlgorithm = 'aes-256-gcm') {
  const activeKeyId = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
  return personalDataKeysSchema.parse({
    algorithm,
    activeKeyId,
    keys: { [activeKeyId]: randomBytes(32).toString('base64') },
    activeLookupKeyId: `l${activeKeyId.slice(1)}`,
    lookupKeys: { [`l${activeKeyId.slice(1)}`]: randomBytes(32).toString('base64') },
  });
}

/**
 * The key file of a deployment that sets no PERSONAL_DATA_KEYS. Outside production a missing file is created
 * (readable by its owner only), so `npm start` needs no set-up; in production a missing key is an error, since
 * a key made up on the spot would leave the data unreadable once that file is lost.
 */
export async function readPersonalDataKeyFile(
  file: string,
  { mayCreate, now }: { mayCreate: boolean; now: Date },
): Promise<PersonalDataKeys> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!mayCreate) {
      throw new Error(
        `No key for personal information: set PERSONAL_DATA_KEYS or provide the key file ${file} (see docs/deployment.md)`,
      );
    }
    const keys = generatePersonalDataKeys(now);
    // wx: two processes starting at once must not each write a key of their own.
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { flag: 'wx', mode: 0o600 }).catch(
      (writeError: NodeJS.ErrnoException) => {
        if (writeError.code !== 'EEXIST') throw writeError;
      },
    );
    await chmod(file, 0o600);
    text = await readFile(file, 'utf8');
  }
  const parsed = personalDataKeysSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Invalid key file ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
