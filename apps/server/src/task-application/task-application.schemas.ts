import { z } from 'zod';

export const applicableTasksQuery = z.object({
  keyword: z.string().trim().max(50, '关键字不超过50个字').optional(),
});

export const applyForTaskBody = z.object({ taskId: z.uuid('任务编号格式不正确') });
