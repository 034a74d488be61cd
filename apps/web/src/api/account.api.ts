import type {
  AccountDocument,
  AdminAccountView as AdminAccount,
  AssignableRegion,
  AuditEventView as AuditEvent,
  BindingDecided,
  BindingDecisionInput,
  BindingRequestView as BindingRequest,
  BindingReview,
  BindingReviewItem,
  Captcha,
  EnterpriseAccount,
  ManagerBindingRequest,
  MobileChangeCodes,
  Page,
  Profile,
  SentCode,
  SessionAnswer,
  SmsOutboxMessage as OutboxMessage,
  VerificationStatus,
  VerificationSubmitted,
} from '@zhibao/contracts';
import { httpClient } from './http-client';
export type {
  AccountDocument,
  AdminAccountView as AdminAccount,
  AuditEventView as AuditEvent,
  BindingDecisionInput,
  BindingDocumentKind,
  BindingRequestView as BindingRequest,
  BindingReview,
  BindingReviewItem,
  Captcha,
  EnterpriseAccount,
  ManagerBindingRequest,
  Profile,
  SmsOutboxMessage as OutboxMessage,
  VerificationStatus,
} from '@zhibao/contracts';

// The registration endpoints answer 401 for nothing but an expired session; they are public.
const publicRequest = { isSessionExpiryOn401: false } as const;

export function fetchCaptcha(): Promise<Captcha> {
  return httpClient.post<Captcha>('/api/captchas', undefined, publicRequest);
}

export function requestRegistrationCode(input: { mobile: string; captchaId: string; captchaAnswer: string }) {
  return httpClient.post<SentCode>('/api/registration/sms-code', input, publicRequest);
}

export function register(input: { username: string; password: string; mobile: string; smsCode: string }) {
  return httpClient.post<SessionAnswer>('/api/registration', input, publicRequest);
}

export function fetchVerification(signal?: AbortSignal) {
  return httpClient.get<VerificationStatus>('/api/account/verification', { signal });
}

/** 实名认证: the form's fields and scans as multipart/form-data. */
export function submitVerification(form: FormData) {
  return httpClient.post<VerificationSubmitted>('/api/account/verification', form);
}

/** 绑定企业 is a request: the enterprise's facts and, for a 自然人, the 营业执照 and 授权委托书 scans. */
export function requestBinding(form: FormData) {
  return httpClient.post<BindingRequest>('/api/account/binding', form);
}

export function fetchOwnBindingRequest(signal?: AbortSignal) {
  return httpClient.get<{ request: BindingRequest | null }>('/api/account/binding-request', { signal });
}

export function withdrawBindingRequest() {
  return httpClient.delete<void>('/api/account/binding-request');
}

export function fetchManagerBindingRequests(signal?: AbortSignal) {
  return httpClient.get<{ items: ManagerBindingRequest[] }>('/api/account/binding-requests', { signal });
}

export function decideBindingAsManager(requestId: string, input: BindingDecisionInput) {
  return httpClient.post<BindingDecided>(
    `/api/account/binding-requests/${encodeURIComponent(requestId)}/decision`,
    input,
  );
}

/** Where the browser opens a scan of a request the manager decides. */
export function managerBindingDocumentUrl(requestId: string, documentId: string): string {
  return `/api/account/binding-requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(documentId)}`;
}

export function fetchBindingReviewQueue(status: 'pending' | 'decided', signal?: AbortSignal) {
  return httpClient.get<{ items: BindingReviewItem[] }>('/api/admin/binding-requests', {
    query: { status },
    signal,
  });
}

export function fetchBindingReview(requestId: string, signal?: AbortSignal) {
  return httpClient.get<BindingReview>(`/api/admin/binding-requests/${encodeURIComponent(requestId)}`, {
    signal,
  });
}

export function decideBindingReview(requestId: string, input: BindingDecisionInput) {
  return httpClient.post<BindingDecided>(
    `/api/admin/binding-requests/${encodeURIComponent(requestId)}/decision`,
    input,
  );
}

export function reviewBindingDocumentUrl(requestId: string, documentId: string): string {
  return `/api/admin/binding-requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(documentId)}`;
}

export type ProfileInput = Omit<
  Profile,
  'username' | 'displayName' | 'maskedMobile' | 'registeredAt' | 'email'
> & {
  email: string;
};

export function fetchProfile(signal?: AbortSignal) {
  return httpClient.get<Profile>('/api/account/profile', { signal });
}

export function saveProfile(input: ProfileInput) {
  return httpClient.put<Profile>('/api/account/profile', input);
}

export function changePassword(input: { oldPassword: string; newPassword: string }) {
  return httpClient.put<void>('/api/account/password', input);
}

export function requestMobileChangeCodes(newMobile: string) {
  return httpClient.post<MobileChangeCodes>('/api/account/mobile/sms-codes', { newMobile });
}

export function changeMobile(input: { newMobile: string; oldMobileCode: string; newMobileCode: string }) {
  return httpClient.put<{ maskedMobile: string }>('/api/account/mobile', input);
}

export function fetchDocuments(signal?: AbortSignal) {
  return httpClient.get<{ items: AccountDocument[] }>('/api/account/documents', { signal });
}

export function uploadDocument(form: FormData) {
  return httpClient.post<{ id: string }>('/api/account/documents', form);
}

export function fetchEnterpriseAccounts(signal?: AbortSignal) {
  return httpClient.get<{ items: EnterpriseAccount[] }>('/api/account/enterprise-accounts', { signal });
}

export function removeEnterpriseAccount(userId: string) {
  return httpClient.delete<void>(`/api/account/enterprise-accounts/${encodeURIComponent(userId)}`);
}

export function fetchAdminAccounts(signal?: AbortSignal) {
  return httpClient.get<{ items: AdminAccount[] }>('/api/admin/accounts', { signal });
}

export function fetchAssignableRegions(signal?: AbortSignal) {
  return httpClient.get<{ items: AssignableRegion[] }>('/api/admin/accounts/regions', { signal });
}

export function createAdminAccount(input: {
  username: string;
  displayName: string;
  mobile: string;
  regionCode: string;
  password: string;
}) {
  return httpClient.post<AdminAccount>('/api/admin/accounts', input);
}

export function setAdminAccountDisabled(userId: string, isDisabled: boolean) {
  return httpClient.put<{ id: string; isDisabled: boolean }>(
    `/api/admin/accounts/${encodeURIComponent(userId)}/status`,
    { isDisabled },
  );
}

export function fetchAuditEvents(
  query: { page: number; pageSize: number; action?: string },
  signal?: AbortSignal,
) {
  return httpClient.get<Page<AuditEvent>>('/api/admin/audit-events', { query, signal });
}

export function fetchSmsOutbox(signal?: AbortSignal) {
  return httpClient.get<{ items: OutboxMessage[] }>('/api/dev/sms-outbox', { ...publicRequest, signal });
}
