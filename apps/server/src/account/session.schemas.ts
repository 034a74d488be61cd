import { z } from 'zod';

const username = z.string({ error: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长');
const password = z.string({ error: '请输入密码' }).min(1, '请输入密码').max(128, '密码过长');

// Required on both steps once the username has failed repeatedly (the server says so with a `captcha` field).
const captchaId = z.string().max(64).optional();
const captchaAnswer = z.string().max(16).optional();

export const logInBody = z.object({
  username,
  password,
  captchaId,
  captchaAnswer,
  // Optional in the schema so that a wrong password is answered as such before the code is asked for.
  smsCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '短信验证码为6位数字')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export const loginCodeBody = z.object({
  username,
  password,
  captchaId,
  captchaAnswer,
});
