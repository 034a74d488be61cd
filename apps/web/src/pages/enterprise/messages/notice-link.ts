import type { NoticeView } from '../../../api/notice.api';
import { enterprisePaths, filingPath, taskFilingPath } from '../../../routes/paths';

/** Where a notice leads: the filing it is about, the task to file, or 填报任务申请 for an invitation to apply. */
export function noticeTarget(notice: NoticeView): string | null {
  if (notice.kind === 'application-invitation' || notice.kind === 'task-application-decided') {
    return enterprisePaths.taskApplication;
  }
  if (notice.filingId) return filingPath(notice.filingId);
  if (notice.taskId) return taskFilingPath(notice.taskId);
  return null;
}
