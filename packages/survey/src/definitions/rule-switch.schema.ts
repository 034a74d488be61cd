import { z } from 'zod';

// The shape of rule-switch packages as they travel (the server's API, the `zhibao rules --switches` file): one
// schema, checked wherever a package arrives. Exported as @zhibao/survey/rule-switch-schema, outside the package's
// main entry, so the browser's survey chunk does not carry zod.

const ruleId = z.string().trim().min(1, '请选择审核规则').max(40);

/** One change of a switch package (RuleSwitchChange). */
export const ruleSwitchChangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('rule-off'), ruleId }),
    z.object({ kind: z.literal('rule-on'), ruleId }),
    z.object({ kind: z.literal('rule-severity'), ruleId, severity: z.enum(['error', 'warning', 'hint']) }),
    z.object({
      kind: z.literal('parameter'),
      name: z.string().trim().min(1, '请选择参数').max(60),
      value: z.number('参数值须是数字').finite('参数值须是有限的数字'),
    }),
  ],
  { error: '变更类型须是关闭规则、恢复规则、改变严重程度或修改参数之一' },
);

/** The first reference month of a package, 'YYYY-MM'. */
export const effectiveMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '生效期须是“年-月”,如 2025-12(年报按其12月计)');

/** A published package (RuleSwitchPackage), with who published it, when and why where known. */
export const ruleSwitchPackageSchema = z.object({
  version: z.number().int().positive(),
  editionId: z.string(),
  effectiveFrom: effectiveMonthSchema,
  changes: z.array(ruleSwitchChangeSchema),
  reason: z.string().optional(),
  publishedBy: z.string().optional(),
  publishedAt: z.string().optional(),
});
