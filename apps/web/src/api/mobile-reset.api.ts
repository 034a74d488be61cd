import type {
  EnterpriseAccountForAdmin,
  MobileResetAnswer,
  MobileResetCodeAnswer,
  MobileResetRequest,
} from '@zhibao/contracts';
import { httpClient } from './http-client';

/** Who changes the number: the enterprise's account manager, or an administrator of its region. */
export type MobileResetBy = 'manager' | 'administrator';

const basePath: Record<MobileResetBy, string> = {
  manager: '/api/account/enterprise-accounts',
  administrator: '/api/admin/enterprise-accounts',
};

/** 更换手机号 for another account, step 1: a code to the new number. */
export function requestMobileResetCode(by: MobileResetBy, userId: string, newMobile: string) {
  return httpClient.post<MobileResetCodeAnswer>(
    `${basePath[by]}/${encodeURIComponent(userId)}/mobile/sms-code`,
    { newMobile },
  );
}

/** Step 2: the code the new number received; the account is signed out everywhere. */
export function resetMobile(by: MobileResetBy, userId: string, request: MobileResetRequest) {
  return httpClient.put<MobileResetAnswer>(`${basePath[by]}/${encodeURIComponent(userId)}/mobile`, request);
}

/** The accounts of an enterprise, for an administrator of its region. */
export function fetchEnterpriseAccountsForAdmin(enterpriseId: string, signal?: AbortSignal) {
  return httpClient.get<{ items: EnterpriseAccountForAdmin[] }>(
    `/api/admin/enterprises/${encodeURIComponent(enterpriseId)}/accounts`,
    { signal },
  );
}
