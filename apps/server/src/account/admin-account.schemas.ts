import { z } from 'zod';
import { mobileSchema } from './registration.schemas.ts';

export const adminAccountBody = z.object({
  username: z
    .string({ error: '请输入登录名' })
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, '登录名为4至32位字母、数字或下划线，以字母开头'),
  displayName: z
    .string({ error: '请输入单位或姓名' })
    .trim()
    .min(1, '请输入单位或姓名')
    .max(50, '名称不能超过50个字'),
  mobile: mobileSchema,
  regionCode: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  password: z.string({ error: '请设置初始密码' }).min(1, '请设置初始密码').max(128),
});

export const adminAccountParams = z.object({ userId: z.uuid('账号编号格式不正确') });

export const adminAccountStatusBody = z.object({ isDisabled: z.boolean({ error: '请指明停用或启用' }) });
