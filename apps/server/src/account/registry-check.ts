import { checkResidentIdNumber } from '@zhibao/survey';
import type { AppContext } from '../app-context.ts';

/** What a 法人 claims: to be the legal representative of the enterprise, with this ID. */
export interface LegalRepresentativeClaim {
  uscc: string;
  /** The legal representative as the enterprise directory (名录库) records it. */
  directoryLegalRepresentative: string;
  realName: string;
  idType: string;
  idNumber: string;
}

export type RegistryCheckResult = 'confirmed' | 'unconfirmed';

/**
 * An external identity or registry check: the unified government identity platform (who the person is) together
 * with the enterprise registry (who the legal representative is). A claim it confirms needs no administrator's
 * review when the enterprise has no account manager yet; anything else is reviewed.
 */
export interface RegistryCheckProvider {
  confirmLegalRepresentative(claim: LegalRepresentativeClaim): Promise<RegistryCheckResult>;
}

// The default: nothing is confirmed from outside, so an administrator reviews every claim.
const confirmsNothing: RegistryCheckProvider = {
  confirmLegalRepresentative: async () => 'unconfirmed',
};

// Development only (refused in production by the config): stands in for the real platforms by confirming a
// claim whose name is the directory's legal representative and whose 身份证 number is well formed.
const developmentStandIn: RegistryCheckProvider = {
  confirmLegalRepresentative: async (claim) =>
    claim.idType === 'resident_id' &&
    checkResidentIdNumber(claim.idNumber).ok &&
    claim.realName.replace(/\s+/g, '') === claim.directoryLegalRepresentative.replace(/\s+/g, '')
      ? 'confirmed'
      : 'unconfirmed',
};

/** The provider the configuration chose (REGISTRY_CHECK_PROVIDER). */
export function registryCheckProviderFor(ctx: AppContext): RegistryCheckProvider {
  return ctx.config.registryCheck.provider === 'development' ? developmentStandIn : confirmsNothing;
}
