import { getCiphers, getHashes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersonalDataCipher } from './personal-data-cipher.ts';
import {
  generatePersonalDataKeys,
  personalDataAlgorithms,
  personalDataKeysSchema,
  readPersonalDataKeyFile,
  type PersonalDataKeys,
} from './personal-data-keys.ts';

const idNumber = '11010519491231002X';
const now = new Date('2026-12-06T08:00:00Z');

describe('the national algorithms on this Node', () => {
  it('has SM4-CBC and SM3 (and no SM4-GCM, hence SM4-CBC with an HMAC-SM3 tag)', () => {
    expect(getCiphers()).toContain('sm4-cbc');
    expect(getHashes()).toContain('sm3');
  });
});

describe.each(personalDataAlgorithms)('personal data cipher, %s', (algorithm) => {
  const keys = generatePersonalDataKeys(now, algorithm);
  const cipher = new PersonalDataCipher(keys);

  it('opens what it sealed, and the sealed bytes hold nothing of the value', () => {
    const sealed = cipher.sealText(idNumber);
    expect(sealed.keyId).toBe(keys.activeKeyId);
    expect(sealed.data.toString('latin1')).not.toContain('110105');
    expect(cipher.openText(sealed)).toBe(idNumber);
    // A fresh IV each time: the same number never seals to the same bytes.
    expect(cipher.sealText(idNumber).data.equals(sealed.data)).toBe(false);
  });

  it('refuses a value altered by one bit, or relabelled with another key id', () => {
    const sealed = cipher.sealText(idNumber);
    const altered = Buffer.from(sealed.data);
    altered[altered.length - 20]! ^= 1;
    expect(() => cipher.open({ keyId: sealed.keyId, data: altered })).toThrow();
    const twoKeys: PersonalDataKeys = {
      ...keys,
      keys: { ...keys.keys, other: keys.keys[keys.activeKeyId]! },
    };
    expect(() => new PersonalDataCipher(twoKeys).open({ keyId: 'other', data: sealed.data })).toThrow();
  });

  it('opens values of an older key after a rotation, and none once that key is removed', () => {
    const sealed = cipher.sealText(idNumber);
    const fresh = generatePersonalDataKeys(now, algorithm);
    const rotated = new PersonalDataCipher({
      ...keys,
      activeKeyId: 'next',
      keys: { ...keys.keys, next: fresh.keys[fresh.activeKeyId]! },
    });
    expect(rotated.openText(sealed)).toBe(idNumber);
    expect(rotated.sealText(idNumber).keyId).toBe('next');
    const withoutOld = new PersonalDataCipher({
      ...keys,
      activeKeyId: 'next',
      keys: { next: fresh.keys[fresh.activeKeyId]! },
    });
    expect(() => withoutOld.openText(sealed)).toThrow(/not configured/);
  });

  it('hashes for lookups with its own key: the same value the same, another key another', () => {
    expect(cipher.lookupHash(idNumber)).toBe(cipher.lookupHash(idNumber));
    expect(cipher.lookupHash(idNumber).startsWith(`${keys.activeLookupKeyId}:`)).toBe(true);
    expect(cipher.lookupHash(idNumber)).not.toBe(cipher.lookupHash('110105194912310037'));
    expect(new PersonalDataCipher(generatePersonalDataKeys(now, algorithm)).lookupHash(idNumber)).not.toBe(
      cipher.lookupHash(idNumber),
    );
  });
});

describe.each(personalDataAlgorithms)('rotating the lookup key, %s', (algorithm) => {
  const keys = generatePersonalDataKeys(now, algorithm);
  const rotated = new PersonalDataCipher({
    ...keys,
    activeLookupKeyId: 'l2',
    lookupKeys: { ...keys.lookupKeys, l2: generatePersonalDataKeys(now).lookupKeys[keys.activeLookupKeyId]! },
  });

  it('hashes under the new key, and looks up under the old one too until it is removed', () => {
    const before = new PersonalDataCipher(keys).lookupHash(idNumber);
    expect(rotated.lookupHash(idNumber)).toMatch(/^l2:/);
    expect(rotated.lookupHash(idNumber)).not.toBe(before);
    expect(rotated.lookupHashes(idNumber).sort()).toEqual([before, rotated.lookupHash(idNumber)].sort());
    expect(rotated.activeLookupPrefix).toBe('l2:');
  });
});

describe('the key file', () => {
  it('reads a key set of the first version, with one lookupKey, as the lookup key l1', () => {
    const { lookupKeys, activeLookupKeyId, ...rest } = generatePersonalDataKeys(now);
    const first = { ...rest, lookupKey: lookupKeys[activeLookupKeyId]! };
    expect(personalDataKeysSchema.parse(first)).toEqual({
      ...rest,
      activeLookupKeyId: 'l1',
      lookupKeys: { l1: first.lookupKey },
    });
  });

  it('is created on the first start outside production, readable by its owner only, and read as it is after', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'zhibao-keys-'));
    try {
      const file = path.join(folder, 'personal-data-keys.json');
      await expect(readPersonalDataKeyFile(file, { mayCreate: false, now })).rejects.toThrow(
        /PERSONAL_DATA_KEYS/,
      );
      const created = await readPersonalDataKeyFile(file, { mayCreate: true, now });
      expect(created.algorithm).toBe('aes-256-gcm');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(await readPersonalDataKeyFile(file, { mayCreate: true, now })).toEqual(created);
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(created);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
