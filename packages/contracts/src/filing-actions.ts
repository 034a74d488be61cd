import { z } from 'zod';

/**
 * What the enterprise may do with a filing now, as the server's transition table and the filing window answer
 * it: 保存 (fill in), 上报, 取消上报. The web offers exactly these, so no button shows only to fail.
 */
export const filingAction = z.enum(['save', 'submit', 'cancel-submission']);
export type FilingAction = z.infer<typeof filingAction>;
