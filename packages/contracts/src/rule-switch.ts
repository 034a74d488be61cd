import { effectiveMonthSchema, ruleSwitchChangeSchema } from '@zhibao/survey/rule-switch-schema';
import { z } from 'zod';
import { isoDateTime } from './common.ts';

// 制度维护: the ministry's dated rule switches (a rule off, back on, its severity; a parameter's value) published
// as small packages in force from a reference month, and the trial of a package against real filings first.

const severity = z.enum(['error', 'warning', 'hint']);

export const ruleSwitchChange = ruleSwitchChangeSchema;

/** A package to try or publish: its edition, the month from which it holds, its changes and why. */
export const ruleSwitchDraft = z.object({
  editionId: z.string().trim().min(1, '请选择调查制度版本').max(20),
  effectiveFrom: effectiveMonthSchema,
  changes: z.array(ruleSwitchChange).min(1, '至少要有一项变更').max(50, '一个包最多50项变更'),
  reason: z.string().trim().min(2, '请写明变更原因').max(500, '变更原因不超过500字'),
});
export type RuleSwitchDraft = z.infer<typeof ruleSwitchDraft>;

/** A published package, with who published it, when and why. */
export const ruleSwitchPackageView = ruleSwitchDraft.extend({
  version: z.number().int(),
  publishedBy: z.string(),
  publishedAt: isoDateTime,
});
export type RuleSwitchPackageView = z.infer<typeof ruleSwitchPackageView>;

export const ruleSwitchList = z.object({
  packages: z.array(ruleSwitchPackageView),
  /** The switch version an audit now records: the highest published. */
  switchVersion: z.number().int(),
});
export type RuleSwitchList = z.infer<typeof ruleSwitchList>;

/** Try a package on the filings of a task (in a region) before publishing it. */
export const ruleSwitchTrialBody = ruleSwitchDraft.omit({ reason: true }).extend({
  taskId: z.uuid('请选择调查任务'),
  /** The region whose filings are tried; the whole task when omitted. */
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码须是6位数字')
    .optional(),
});
export type RuleSwitchTrialBody = z.infer<typeof ruleSwitchTrialBody>;

const findingSummary = z.object({ ruleId: z.string(), severity, message: z.string() });

/** One filing whose findings the package changes. */
export const ruleSwitchTrialExample = z.object({
  filingId: z.string(),
  enterpriseName: z.string(),
  regionCode: z.string(),
  gained: z.array(findingSummary),
  lost: z.array(findingSummary),
});

export const ruleSwitchTrialResult = z.object({
  taskId: z.string(),
  period: z.string(),
  /** Filings audited (the task's filings with values, in the region). */
  filingsTried: z.number().int(),
  /** Whether the package is in force for the task's period at all. */
  isInForce: z.boolean(),
  /** Filings that pass now (no 必改错误 or 严重警告) and would not. */
  newlyFailing: z.number().int(),
  /** Filings that fail now and would pass. */
  newlyPassing: z.number().int(),
  /** Filings whose findings change at all. */
  changed: z.number().int(),
  examples: z.array(ruleSwitchTrialExample),
});
export type RuleSwitchTrialResult = z.infer<typeof ruleSwitchTrialResult>;

/** The edition and switch version an audit ran with, and the packages in force for its period (for the browser). */
export const ruleSetView = z.object({
  editionId: z.string(),
  switchVersion: z.number().int(),
  packages: z.array(
    z.object({
      version: z.number().int(),
      editionId: z.string(),
      effectiveFrom: z.string(),
      changes: z.array(ruleSwitchChange),
    }),
  ),
});
export type RuleSetView = z.infer<typeof ruleSetView>;
