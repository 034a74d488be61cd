import type { PersonalDataCipher } from './personal-data-cipher.ts';

// Mobile numbers at rest (issue 22, migration 20261210T0710): `users`, `sms_codes` and `sms_outbox` keep a number
// as three columns, the number encrypted (base64) in `mobile`, the id of its key in `mobile_key_id`, and its keyed
// hash in `mobile_hash`, by which it is found (registration uniqueness, the SMS limits per number, the development
// outbox). A null key id is a number an earlier version wrote in the clear, sealed at the next start.

/** A mobile number as stored. */
export interface SealedMobile {
  mobile: string;
  mobile_key_id: string;
  mobile_hash: string;
}

/** A stored number as read: sealed, or (key id null) still in the clear. */
export interface StoredMobile {
  mobile: string | null;
  mobile_key_id: string | null;
}

export function sealMobile(cipher: PersonalDataCipher, mobile: string): SealedMobile {
  const sealed = cipher.sealText(mobile);
  return {
    mobile: sealed.data.toString('base64'),
    mobile_key_id: sealed.keyId,
    mobile_hash: cipher.lookupHash(hashInput(mobile)),
  };
}

/** The hashes a number may be stored with: under every configured lookup key, for `where mobile_hash in (…)`. */
export function mobileHashes(cipher: PersonalDataCipher, mobile: string): string[] {
  return cipher.lookupHashes(hashInput(mobile));
}

function hashInput(mobile: string): string {
  return `mobile:${mobile}`;
}

export function openMobile(cipher: PersonalDataCipher, stored: StoredMobile): string | null {
  if (stored.mobile === null || stored.mobile_key_id === null) return stored.mobile;
  return cipher.openText({ keyId: stored.mobile_key_id, data: Buffer.from(stored.mobile, 'base64') });
}

/** 138****1234: a number as shown to anyone but its owner at the moment they need it. */
export function maskMobile(mobile: string): string {
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** A stored number, masked; null when there is none. */
export function maskStoredMobile(cipher: PersonalDataCipher, stored: StoredMobile): string | null {
  const mobile = openMobile(cipher, stored);
  return mobile === null ? null : maskMobile(mobile);
}
