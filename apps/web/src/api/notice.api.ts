import type { NoticeList, ReminderResult } from '@zhibao/contracts';
import { httpClient } from './http-client';

export type { NoticeList, NoticeView, ReminderResult } from '@zhibao/contracts';

export function fetchNotices(signal?: AbortSignal): Promise<NoticeList> {
  return httpClient.get<NoticeList>('/api/enterprise/notices', { signal });
}

export function markNoticeRead(noticeId: string): Promise<void> {
  return httpClient.post<void>(`/api/enterprise/notices/${encodeURIComponent(noticeId)}/read`);
}

export function markAllNoticesRead(): Promise<void> {
  return httpClient.post<void>('/api/enterprise/notices/read-all');
}

export function sendReminders(input: {
  taskId: string;
  enterpriseIds?: string[];
  message?: string;
}): Promise<ReminderResult> {
  return httpClient.post<ReminderResult>('/api/admin/completeness/reminders', input);
}
