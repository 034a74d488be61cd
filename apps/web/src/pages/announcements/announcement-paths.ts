import { adminPaths, enterprisePaths } from '../../routes/paths';

/** 通知公告 of the signed-in role: the list, and one announcement opened in it. */
export function announcementsPathOf(role: 'enterprise' | 'admin'): string {
  return role === 'admin' ? adminPaths.announcements : enterprisePaths.announcements;
}

export function announcementPathOf(role: 'enterprise' | 'admin', announcementId: string): string {
  return `${announcementsPathOf(role)}?id=${encodeURIComponent(announcementId)}`;
}
