import type { IdentityProviderSettings } from '../config.ts';

/** What a provider verified about the person, read from its claims by the provider's configured claim names. */
export interface VerifiedIdentity {
  name: string | null;
  mobile: string | null;
  accountType: 'natural_person' | 'legal_person' | null;
  idNumber: string | null;
  uscc: string | null;
  organizationName: string | null;
}

function textClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

// Providers write the person's kind in their own words; these are the ones the unified platforms use.
const accountTypeWords: Record<string, VerifiedIdentity['accountType']> = {
  natural_person: 'natural_person',
  person: 'natural_person',
  自然人: 'natural_person',
  '1': 'natural_person',
  legal_person: 'legal_person',
  corporation: 'legal_person',
  法人: 'legal_person',
  '2': 'legal_person',
};

/** Reads the verified identity out of a provider's claims (OpenID Connect) or attributes (CAS). */
export function verifiedIdentityOf(
  provider: Pick<IdentityProviderSettings, 'claims'>,
  claims: Record<string, unknown>,
): VerifiedIdentity {
  const names = provider.claims;
  const mobile = textClaim(claims, names.mobile)?.replace(/^\+?86/, '') ?? null;
  return {
    name: textClaim(claims, names.name),
    mobile: mobile && /^1[3-9]\d{9}$/.test(mobile) ? mobile : null,
    accountType: accountTypeWords[textClaim(claims, names.accountType) ?? ''] ?? null,
    idNumber: textClaim(claims, names.idNumber),
    uscc: textClaim(claims, names.uscc)?.toUpperCase() ?? null,
    organizationName: textClaim(claims, names.organizationName),
  };
}

/**
 * The 实名认证 a provider's identity stands for, when it released enough to be one: a natural person's name and
 * ID number; a legal person's representative (name) and the enterprise's USCC. Anything less leaves Zhibao's own
 * 实名认证 to do.
 */
export function realNameVerificationOf(identity: VerifiedIdentity) {
  if (!identity.name) return null;
  if (identity.accountType === 'natural_person' && identity.idNumber) {
    return { accountType: 'natural_person' as const, realName: identity.name, uscc: null };
  }
  if (identity.accountType === 'legal_person' && identity.uscc) {
    return { accountType: 'legal_person' as const, realName: identity.name, uscc: identity.uscc };
  }
  return null;
}
