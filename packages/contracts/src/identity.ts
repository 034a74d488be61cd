import { z } from 'zod';
import { accountType, registrationBody } from './account.ts';

// Sign-in through a government identity platform (issue 21).

/** The identity platforms the login page offers (政务服务平台 …); empty when none is configured. */
export const identityProvidersAnswer = z.object({
  providers: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type IdentityProvidersAnswer = z.infer<typeof identityProvidersAnswer>;

/**
 * A first sign-in waiting for the person to create a Zhibao account or link an existing one: what the provider
 * verified (ID number masked) and, for a 法人 identity, the enterprise of the directory it will be bound to.
 */
export const firstSignInAnswer = z.object({
  providerLabel: z.string(),
  name: z.string().nullable(),
  accountType: accountType.nullable(),
  maskedIdNumber: z.string().nullable(),
  uscc: z.string().nullable(),
  organizationName: z.string().nullable(),
  maskedMobile: z.string().nullable(),
  /** The directory's enterprise a provider-verified 法人 identity binds to directly; null otherwise. */
  enterprise: z.object({ name: z.string(), uscc: z.string() }).nullable(),
});
export type FirstSignInAnswer = z.infer<typeof firstSignInAnswer>;

/** 创建新账号: the username of the new account; the rest comes from the provider's verified claims. */
export const firstSignInCreateBody = registrationBody.pick({ username: true });
export type FirstSignInCreateRequest = z.input<typeof firstSignInCreateBody>;

/** The answer to logging out: where the browser goes next to end the provider's session too, if anywhere. */
export const logOutAnswer = z.object({ endSessionUrl: z.string().nullable() });
export type LogOutAnswer = z.infer<typeof logOutAnswer>;
