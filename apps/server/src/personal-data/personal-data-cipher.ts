import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import type { PersonalDataKeys } from './personal-data-keys.ts';

/** A value encrypted under one key: the key's id is stored beside it, in a column of its own. */
export interface Sealed {
  keyId: string;
  data: Buffer;
}

/** What a value must be stored under to need no sealing: the active key, and a hash under the active lookup key. */
export type ActiveKeys = Pick<PersonalDataCipher, 'activeKeyId' | 'activeLookupPrefix'>;

interface KeyMaterial {
  encryption: Buffer;
  /** SM4-CBC's HMAC-SM3 tag key; GCM authenticates by itself. */
  authentication: Buffer | null;
}

const gcmIvBytes = 12;
const gcmTagBytes = 16;
const cbcIvBytes = 16;
const sm3TagBytes = 32;

/**
 * Encrypts and decrypts personal information with the keys of personal-data-keys.ts. Layouts: AES-256-GCM
 * iv(12) ‖ tag(16) ‖ ciphertext; SM4-CBC iv(16) ‖ ciphertext ‖ HMAC-SM3(iv ‖ ciphertext)(32), with the SM4 and
 * HMAC keys derived from the one configured key by HKDF-SM3. The associated data (GCM) or the MAC input (SM4)
 * includes the key id, so a value cannot be relabelled with another key's id.
 */
export class PersonalDataCipher {
  readonly activeKeyId: string;
  readonly activeLookupKeyId: string;
  private readonly algorithm: PersonalDataKeys['algorithm'];
  private readonly material = new Map<string, KeyMaterial>();
  private readonly lookupKeys: Map<string, Buffer>;

  constructor(keys: PersonalDataKeys) {
    this.algorithm = keys.algorithm;
    this.activeKeyId = keys.activeKeyId;
    this.activeLookupKeyId = keys.activeLookupKeyId;
    this.lookupKeys = new Map(
      Object.entries(keys.lookupKeys).map(([id, encoded]) => [id, Buffer.from(encoded, 'base64')]),
    );
    for (const [id, encoded] of Object.entries(keys.keys)) {
      const key = Buffer.from(encoded, 'base64');
      this.material.set(
        id,
        keys.algorithm === 'aes-256-gcm'
          ? { encryption: key, authentication: null }
          : {
              encryption: Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'zhibao sm4 encryption', 16)),
              authentication: Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'zhibao sm3 mac', 32)),
            },
      );
    }
  }

  seal(plain: Buffer): Sealed {
    const keyId = this.activeKeyId;
    const { encryption, authentication } = this.keyOf(keyId);
    if (this.algorithm === 'aes-256-gcm') {
      const iv = randomBytes(gcmIvBytes);
      const cipher = createCipheriv('aes-256-gcm', encryption, iv).setAAD(Buffer.from(keyId));
      const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
      return { keyId, data: Buffer.concat([iv, cipher.getAuthTag(), encrypted]) };
    }
    const iv = randomBytes(cbcIvBytes);
    const cipher = createCipheriv('sm4-cbc', encryption, iv);
    const body = Buffer.concat([iv, cipher.update(plain), cipher.final()]);
    return { keyId, data: Buffer.concat([body, sm3Tag(authentication!, keyId, body)]) };
  }

  /** Throws when the value was altered, or when its key is no longer configured. */
  open({ keyId, data }: Sealed): Buffer {
    const { encryption, authentication } = this.keyOf(keyId);
    if (this.algorithm === 'aes-256-gcm') {
      const decipher = createDecipheriv('aes-256-gcm', encryption, data.subarray(0, gcmIvBytes))
        .setAAD(Buffer.from(keyId))
        .setAuthTag(data.subarray(gcmIvBytes, gcmIvBytes + gcmTagBytes));
      return Buffer.concat([decipher.update(data.subarray(gcmIvBytes + gcmTagBytes)), decipher.final()]);
    }
    const body = data.subarray(0, data.length - sm3TagBytes);
    if (!timingSafeEqual(sm3Tag(authentication!, keyId, body), data.subarray(data.length - sm3TagBytes))) {
      throw new Error(`personal data under key ${keyId} failed its integrity check`);
    }
    const decipher = createDecipheriv('sm4-cbc', encryption, body.subarray(0, cbcIvBytes));
    return Buffer.concat([decipher.update(body.subarray(cbcIvBytes)), decipher.final()]);
  }

  sealText(plain: string): Sealed {
    return this.seal(Buffer.from(plain, 'utf8'));
  }

  openText(sealed: Sealed): string {
    return this.open(sealed).toString('utf8');
  }

  /**
   * The keyed hash a value is stored with and found by without decrypting (HMAC-SHA-256, or HMAC-SM3 in the
   * national mode), under the active lookup key, whose id leads it: `l1:9f…`.
   */
  lookupHash(value: string): string {
    return this.lookupHashUnder(this.activeLookupKeyId, value);
  }

  /** The value's hash under every configured lookup key: what a lookup matches while a rotation is under way. */
  lookupHashes(value: string): string[] {
    return [...this.lookupKeys.keys()].map((id) => this.lookupHashUnder(id, value));
  }

  /** The start every hash under the active lookup key has (a hash without it is due for the rotation). */
  get activeLookupPrefix(): string {
    return `${this.activeLookupKeyId}:`;
  }

  private lookupHashUnder(lookupKeyId: string, value: string): string {
    const hmac = createHmac(
      this.algorithm === 'aes-256-gcm' ? 'sha256' : 'sm3',
      this.lookupKeys.get(lookupKeyId)!,
    );
    return `${lookupKeyId}:${hmac.update(value).digest('hex')}`;
  }

  private keyOf(keyId: string): KeyMaterial {
    const material = this.material.get(keyId);
    if (!material) throw new Error(`personal data key ${keyId} is not configured`);
    return material;
  }
}

function sm3Tag(key: Buffer, keyId: string, body: Buffer): Buffer {
  return createHmac('sm3', key).update(keyId).update('\0').update(body).digest();
}

const ciphers = new WeakMap<PersonalDataKeys, PersonalDataCipher>();

/** One cipher per key set (built once: SM4's keys are derived). */
export function personalDataCipherFor(keys: PersonalDataKeys): PersonalDataCipher {
  let cipher = ciphers.get(keys);
  if (!cipher) {
    cipher = new PersonalDataCipher(keys);
    ciphers.set(keys, cipher);
  }
  return cipher;
}
