import { z } from 'zod';
import { mobileSchema } from './registration.schemas.ts';

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过${max}个字`)
    .transform((value) => value || null)
    .nullable()
    .optional();

export const enterpriseNatures = [
  'state_owned',
  'collective',
  'private',
  'foreign_funded',
  'hk_macao_taiwan_funded',
  'other',
] as const;
export const economicTypes = ['domestic', 'hk_macao_taiwan', 'foreign'] as const;

/** 修改基本信息 (登录名 is shown but not changed: it is how the person logs in). */
export const profileBody = z.object({
  email: z
    .string({ error: '请填写电子邮箱' })
    .trim()
    .min(1, '请填写电子邮箱')
    .max(100, '电子邮箱过长')
    .pipe(z.email('电子邮箱格式不正确')),
  contactAddress: optionalText('联系地址', 200),
  enterpriseNature: z.enum(enterpriseNatures, { error: '请选择企业性质' }).nullable().optional(),
  economicType: z.enum(economicTypes, { error: '请选择经济类型' }).nullable().optional(),
  employeeCount: z
    .number({ error: '职工总数应为整数' })
    .int('职工总数应为整数')
    .min(0, '职工总数不能为负数')
    .max(10_000_000, '职工总数过大')
    .nullable()
    .optional(),
  registeredAddress: optionalText('企业工商注册地址', 200),
  postalCode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, '注册地址邮编应为6位数字')
    .transform((value) => value || null)
    .nullable()
    .optional(),
});

export const passwordChangeBody = z.object({
  oldPassword: z.string({ error: '请输入原密码' }).min(1, '请输入原密码').max(128),
  newPassword: z.string({ error: '请输入新密码' }).min(1, '请输入新密码').max(128),
});

export const mobileCodesBody = z.object({ newMobile: mobileSchema });

export const mobileChangeBody = z.object({
  newMobile: mobileSchema,
  oldMobileCode: z
    .string({ error: '请输入原手机号收到的验证码' })
    .trim()
    .regex(/^\d{6}$/, '验证码为6位数字'),
  newMobileCode: z
    .string({ error: '请输入新手机号收到的验证码' })
    .trim()
    .regex(/^\d{6}$/, '验证码为6位数字'),
});
