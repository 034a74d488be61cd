import { z } from 'zod';

/** 批量导出: `ids` (comma-separated) are the filings ticked in the list; without them, all that match the query. */
export const batchExportQuery = z
  .object({
    ids: z
      .string()
      .optional()
      .transform((ids) => (ids ? ids.split(',').filter(Boolean) : undefined))
      .pipe(z.array(z.uuid('报表编号格式不正确')).max(200, '一次最多导出200份报表').optional()),
    period: z
      .string()
      .regex(/^\d{4}(-\d{2})?$/, '报告期格式应为 2026 或 2026-10')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
  })
  // The service's name for the chosen filings; the URL keeps the short one the web app sends.
  .transform(({ ids, ...query }) => ({ ...query, filingIds: ids }));

/** An uploaded template, base64 in JSON so it travels through the one HTTP client with its CSRF token. */
export const templateUploadBody = z.object({
  fileName: z
    .string()
    .max(200)
    .regex(/\.xlsx$/i, '请上传 .xlsx 格式的Excel文件'),
  contentBase64: z.string().min(1, '文件为空').max(1_500_000, '文件过大，请上传不超过1MB的文件'),
});

/** 明细导出: optionally one division of the administrator's region. */
export const taskFilingsExportQuery = z.object({
  regionCode: z
    .string()
    .regex(/^\d{6}$/, '地区代码应为6位数字')
    .optional(),
});
