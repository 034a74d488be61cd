import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { UserRole } from '../api/session.api';
import { FullPageSpin } from '../components/full-page-spin';
import { accountPaths } from '../routes/paths';
import { roleHome } from './role-home';
import { useSession } from './session-context';

/**
 * Renders its children only for a signed-in user of the given role. Anyone signed out goes to the
 * login page, which brings them back here afterwards; a user of the other role goes to their home;
 * an account that must set a new password, or an enterprise account not yet verified or bound, goes to finish
 * that first.
 */
export function RequireRole({ role, children }: { role: UserRole; children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'failed') throw state.error;
  if (state.status === 'anonymous') {
    if (state.reason === 'signed-out') return <Navigate to="/login" replace />;
    const search = new URLSearchParams({
      redirect: `${location.pathname}${location.search}${location.hash}`,
    });
    if (state.reason === 'expired') search.set('expired', '1');
    return <Navigate to={`/login?${search.toString()}`} replace />;
  }
  if (state.user.role !== role) return <Navigate to={roleHome[state.user.role]} replace />;
  const setup = setupPathOf(state.user);
  if (setup) return <Navigate to={setup} replace />;
  return children;
}

/**
 * Where an account must go before anything else: a new password for one moved in from the old platform; for an
 * enterprise account, verification, then binding.
 */
export function setupPathOf(user: {
  role: UserRole;
  isVerified: boolean;
  enterprise: unknown;
  mustChangePassword: boolean;
}): string | null {
  if (user.mustChangePassword) return accountPaths.newPassword;
  if (user.role !== 'enterprise' || user.enterprise) return null;
  return user.isVerified ? accountPaths.bind : accountPaths.verify;
}
