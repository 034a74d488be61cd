import { z } from 'zod';

const text = (label: string, max = 100) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过${max}个字`);

/** 绑定企业: the enterprise's information as the directory (名录库) holds it. */
export const bindingBody = z.object({
  uscc: text('统一社会信用代码', 18).transform((value) => value.toUpperCase()),
  enterpriseName: text('企业名称'),
  legalRepresentative: text('法定代表人姓名', 50),
  industry: z.string({ error: '请选择所属行业' }).min(1, '请选择所属行业'),
});
