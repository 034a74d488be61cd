import type {
  PasswordResetCodeAnswer,
  PasswordResetCodeRequest,
  PasswordResetRequest,
} from '@zhibao/contracts';
import { httpClient } from './http-client';

// Public endpoints: a 401 here is never a session that expired.
const publicRequest = { isSessionExpiryOn401: false } as const;

/** 忘记密码, step 1: username, registered mobile and captcha; the answer never says whether they match. */
export function requestPasswordResetCode(
  request: PasswordResetCodeRequest,
): Promise<PasswordResetCodeAnswer> {
  return httpClient.post<PasswordResetCodeAnswer>('/api/password-reset/sms-code', request, publicRequest);
}

/** 忘记密码, step 2: the code and the new password; every session of the account ends. */
export function resetPassword(request: PasswordResetRequest): Promise<void> {
  return httpClient.post<void>('/api/password-reset', request, publicRequest);
}
