import { z } from 'zod';

export const mobileSchema = z
  .string({ error: '请输入手机号' })
  .trim()
  .regex(/^1[3-9]\d{9}$/, '请输入11位中国大陆手机号');

export const registrationCodeBody = z.object({
  mobile: mobileSchema,
  captchaId: z.string().max(64).optional(),
  captchaAnswer: z.string().max(16).optional(),
});

export const registrationBody = z.object({
  username: z
    .string({ error: '请输入用户名' })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, '用户名为4至32位字母、数字或下划线，以字母开头'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码过长'),
  mobile: mobileSchema,
  smsCode: z
    .string({ error: '请输入短信验证码' })
    .trim()
    .regex(/^\d{6}$/, '短信验证码为6位数字'),
});
