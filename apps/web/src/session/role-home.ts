import type { UserRole } from '../api/session.api';
import { adminPaths, enterprisePaths } from '../routes/paths';

export const roleHome: Record<UserRole, string> = {
  enterprise: enterprisePaths.home,
  admin: adminPaths.dashboard,
};

/**
 * Where to go after login: back to the page that asked for it when it belongs to the user's area,
 * otherwise the area's home. Only same-site paths are followed.
 */
export function pathAfterLogin(role: UserRole, requested: string | null): string {
  const home = roleHome[role];
  if (!requested || !requested.startsWith('/') || requested.startsWith('//')) return home;
  const requestedPath = requested.split(/[?#]/)[0] ?? '';
  return requestedPath === home || requestedPath.startsWith(`${home}/`) ? requested : home;
}
