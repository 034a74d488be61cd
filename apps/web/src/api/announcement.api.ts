import type { AnnouncementList } from '@zhibao/contracts';
import { httpClient } from './http-client';

export type {
  AnnouncementAudience,
  AnnouncementCategory,
  AnnouncementList,
  AnnouncementView,
} from '@zhibao/contracts';
export { announcementAttachmentFields } from '@zhibao/contracts';

export function fetchAnnouncements(signal?: AbortSignal): Promise<AnnouncementList> {
  return httpClient.get<AnnouncementList>('/api/announcements', { signal });
}

export function markAnnouncementRead(announcementId: string): Promise<void> {
  return httpClient.post<void>(`/api/announcements/${encodeURIComponent(announcementId)}/read`);
}

export function announcementAttachmentUrl(announcementId: string, attachmentId: string): string {
  return `/api/announcements/${encodeURIComponent(announcementId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** 发布通知公告: title, body, audience, isPinned, expiresOn and the files attachment1 … attachment3. */
export function publishAnnouncement(form: FormData): Promise<{ id: string }> {
  return httpClient.post<{ id: string }>('/api/admin/announcements', form);
}

export function withdrawAnnouncement(announcementId: string): Promise<void> {
  return httpClient.post<void>(`/api/admin/announcements/${encodeURIComponent(announcementId)}/withdraw`);
}
