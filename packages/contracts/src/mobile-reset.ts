import { z } from 'zod';

// 更换手机号 when the old phone is lost: the enterprise's account manager (for its filers) or an administrator of
// the enterprise's region (for any of its accounts, the manager's own included) sets a new number, once the new
// number has proven itself with an SMS code.

const mobile = z
  .string({ error: '请输入新手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

/** Step 1: a code to the new number. */
export const mobileResetCodeBody = z.object({ newMobile: mobile });
export type MobileResetCodeRequest = z.input<typeof mobileResetCodeBody>;

export const mobileResetCodeAnswer = z.object({
  newMaskedMobile: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});
export type MobileResetCodeAnswer = z.infer<typeof mobileResetCodeAnswer>;

/** Step 2: the code the new number received, read out by its owner to the person doing the change. */
export const mobileResetBody = z.object({
  newMobile: mobile,
  newMobileCode: z
    .string({ error: '请输入新手机号收到的验证码' })
    .trim()
    .regex(/^\d{6}$/, '验证码为6位数字'),
});
export type MobileResetRequest = z.input<typeof mobileResetBody>;

export const mobileResetAnswer = z.object({ maskedMobile: z.string() });
export type MobileResetAnswer = z.infer<typeof mobileResetAnswer>;

/** An enterprise account as an administrator of its region sees it (to reset a lost mobile). */
export const enterpriseAccountForAdmin = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  maskedMobile: z.string().nullable(),
  isEnterpriseManager: z.boolean(),
  isDisabled: z.boolean(),
});
export type EnterpriseAccountForAdmin = z.infer<typeof enterpriseAccountForAdmin>;
