import type {
  CurrentUser,
  DemoInfo,
  LoginCodeRequest,
  LogOutAnswer,
  SentCode,
  SessionAnswer as SessionResponse,
} from '@zhibao/contracts';
import { httpClient, isApiError, setCsrfToken } from './http-client';
export type {
  AccountType,
  AdminLevel,
  CurrentUser,
  DemoAccount,
  DemoInfo,
  LoginCodeRequest,
  SentCode,
  UserRole,
} from '@zhibao/contracts';

// The session endpoints answer 401 for "no session" and "wrong password"; neither is an expiry.
const sessionRequest = { isSessionExpiryOn401: false } as const;

/** Step 1 of the login: the password (and the image captcha when asked), then a code to the registered mobile. */
export function requestLoginCode(credentials: LoginCodeRequest): Promise<SentCode> {
  return httpClient.post<SentCode>('/api/session/sms-code', credentials, sessionRequest);
}

/** Step 2's request: the password again with the SMS code, and a fresh captcha while the server asks for one. */
export interface LogInRequest extends LoginCodeRequest {
  smsCode: string;
}

/** Step 2: the password again with the SMS code; opens the session. */
export async function logIn(credentials: LogInRequest): Promise<CurrentUser> {
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

/**
 * Ends the session; answers the identity provider's logout page when the session was opened through one that has
 * it, so that the provider's session ends too.
 */
export async function logOut(): Promise<string | null> {
  try {
    const answer = await httpClient.post<LogOutAnswer>('/api/identity/logout', undefined, sessionRequest);
    return answer.endSessionUrl;
  } catch (error) {
    // A session that already ended is as signed out as it gets.
    if (!(isApiError(error) && error.status === 401)) throw error;
    return null;
  } finally {
    setCsrfToken(null);
  }
}

/** The demo accounts and the development outbox, or nothing when the server is not in demo mode (404). */
export async function fetchDemoInfo(signal?: AbortSignal): Promise<DemoInfo> {
  try {
    const answer = await httpClient.get<Partial<DemoInfo>>('/api/session/demo-accounts', {
      ...sessionRequest,
      signal,
    });
    return { accounts: answer.accounts ?? [], smsOutboxPath: answer.smsOutboxPath ?? null };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { accounts: [], smsOutboxPath: null };
  }
}

/** 退出所有设备: ends every session of the account, this one included. */
export async function logOutEverywhere(): Promise<void> {
  try {
    await httpClient.delete<void>('/api/sessions');
  } finally {
    setCsrfToken(null);
  }
}

/** Takes the session a registration answered with, as a login would. */
export function adoptSession(session: { user: CurrentUser; csrfToken: string }): CurrentUser {
  setCsrfToken(session.csrfToken);
  return session.user;
}
