import { z } from 'zod';

/** Where a proposed value of the annual 企业基本情况表 comes from: the directory (名录库) or last year's filing. */
export const prefillSource = z.enum(['directory', 'last-year']);
export type PrefillSource = z.infer<typeof prefillSource>;

/**
 * One proposed value for an empty cell. A proposal only: the server writes nothing, and the cell becomes the
 * enterprise's own value only when the filer takes it (and the filing is saved as any other change).
 */
export const prefillCell = z.object({
  formId: z.string(),
  key: z.string(),
  value: z.union([z.string(), z.number()]),
  source: prefillSource,
});
export type PrefillCell = z.infer<typeof prefillCell>;
