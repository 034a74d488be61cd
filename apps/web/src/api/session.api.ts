import { httpClient, isApiError, setCsrfToken } from './http-client';

export type UserRole = 'enterprise' | 'admin';
export type AdminLevel = 'county' | 'city' | 'province' | 'ministry';

export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  adminLevel: AdminLevel | null;
  region: { code: string; name: string };
  enterprise: { id: string; name: string; uscc: string } | null;
}

interface SessionResponse {
  user: CurrentUser;
  csrfToken: string;
}

export interface DemoAccount {
  username: string;
  password: string;
  roleLabel: string;
  regionName: string;
}

// The session endpoints answer 401 for "no session" and "wrong password"; neither is an expiry.
const sessionRequest = { isSessionExpiryOn401: false } as const;

export async function logIn(credentials: { username: string; password: string }): Promise<CurrentUser> {
  const session = await httpClient.post<SessionResponse>('/api/session', credentials, sessionRequest);
  setCsrfToken(session.csrfToken);
  return session.user;
}

/** The signed-in user, or `null` when there is no session. */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<CurrentUser | null> {
  try {
    const session = await httpClient.get<SessionResponse>('/api/session', { ...sessionRequest, signal });
    setCsrfToken(session.csrfToken);
    return session.user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export async function logOut(): Promise<void> {
  try {
    await httpClient.delete<void>('/api/session', sessionRequest);
  } catch (error) {
    // A session that already ended is as signed out as it gets.
    if (!(isApiError(error) && error.status === 401)) throw error;
  } finally {
    setCsrfToken(null);
  }
}

/** The demo accounts, or an empty list when the server is not in demo mode (it answers 404). */
export async function fetchDemoAccounts(signal?: AbortSignal): Promise<DemoAccount[]> {
  try {
    const answer = await httpClient.get<{ accounts: DemoAccount[] }>('/api/session/demo-accounts', {
      ...sessionRequest,
      signal,
    });
    return answer.accounts;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return [];
  }
}
