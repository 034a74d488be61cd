import { z } from 'zod';

// 忘记密码: a code to the registered mobile, then a new password. The username and the full number are both
// asked for, and the answers never say whether they belong together (no account enumeration).

const username = z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长');
const mobile = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');
const captchaId = z.string().max(64).optional();
const captchaAnswer = z.string().max(16).optional();

/** Step 1: username, the registered mobile and a solved image captcha (always asked). */
export const passwordResetCodeBody = z.object({ username, mobile, captchaId, captchaAnswer });
export type PasswordResetCodeRequest = z.input<typeof passwordResetCodeBody>;

/** The same answer whether or not the username and number belong to one account. */
export const passwordResetCodeAnswer = z.object({
  maskedMobile: z.string(),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
});
export type PasswordResetCodeAnswer = z.infer<typeof passwordResetCodeAnswer>;

/** Step 2: the code and the new password (and an image captcha while the username needs one, as at login). */
export const passwordResetBody = z.object({
  username,
  mobile,
  smsCode: z
    .string({ error: '请输入短信验证码' })
    .trim()
    .regex(/^\d{6}$/, '短信验证码为6位数字'),
  newPassword: z.string({ error: '请输入新密码' }).min(1, '请输入新密码').max(128, '密码过长'),
  captchaId,
  captchaAnswer,
});
export type PasswordResetRequest = z.input<typeof passwordResetBody>;
