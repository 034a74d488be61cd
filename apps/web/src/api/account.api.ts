import { httpClient } from './http-client';
import type { AccountType, AdminLevel, CurrentUser, SentCode } from './session.api';

// The registration endpoints answer 401 for nothing but an expired session; they are public.
const publicRequest = { isSessionExpiryOn401: false } as const;

export interface Captcha {
  captchaId: string;
  svg: string;
}

export function fetchCaptcha(): Promise<Captcha> {
  return httpClient.post<Captcha>('/api/captchas', undefined, publicRequest);
}

export function requestRegistrationCode(input: { mobile: string; captchaId: string; captchaAnswer: string }) {
  return httpClient.post<SentCode>('/api/registration/sms-code', input, publicRequest);
}

export function register(input: { username: string; password: string; mobile: string; smsCode: string }) {
  return httpClient.post<{ user: CurrentUser; csrfToken: string }>('/api/registration', input, publicRequest);
}

export interface VerificationStatus {
  /** submitted: recorded, checked by the administrator with the binding request; confirmed: reviewed. */
  status: 'unverified' | 'submitted' | 'confirmed';
  accountType?: AccountType;
  realName?: string;
  idType?: string;
  maskedIdNumber?: string;
  contactAddress?: string;
  validFrom?: string;
  validUntil?: string | null;
  isPermanent?: boolean;
  organizationType?: string | null;
  uscc?: string | null;
  organizationName?: string | null;
  legalPersonType?: string | null;
  submittedAt?: string;
  confirmedAt?: string | null;
}

export function fetchVerification(signal?: AbortSignal) {
  return httpClient.get<VerificationStatus>('/api/account/verification', { signal });
}

/** 实名认证: the form's fields and scans as multipart/form-data. */
export function submitVerification(form: FormData) {
  return httpClient.post<{ accountType: AccountType; status: 'submitted'; submittedAt: string }>(
    '/api/account/verification',
    form,
  );
}

export interface BindingRequest {
  id: string;
  status: 'pending' | 'approved' | 'refused' | 'withdrawn';
  reviewer: 'manager' | 'administrator';
  enterprise: { name: string; uscc: string };
  isLegalPersonClaim: boolean;
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
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

export type BindingDocumentKind = 'identity_document' | 'business_license' | 'authorization_letter';

export interface ManagerBindingRequest {
  id: string;
  requesterName: string;
  requesterUsername: string;
  maskedMobile: string | null;
  accountType: AccountType;
  requestedAt: string;
  documents: Array<{ id: string; kind: BindingDocumentKind }>;
}

export function fetchManagerBindingRequests(signal?: AbortSignal) {
  return httpClient.get<{ items: ManagerBindingRequest[] }>('/api/account/binding-requests', { signal });
}

export interface BindingDecisionInput {
  decision: 'approve' | 'refuse';
  reason?: string;
}

export function decideBindingAsManager(requestId: string, input: BindingDecisionInput) {
  return httpClient.post<{ id: string; status: string }>(
    `/api/account/binding-requests/${encodeURIComponent(requestId)}/decision`,
    input,
  );
}

/** Where the browser opens a scan of a request the manager decides. */
export function managerBindingDocumentUrl(requestId: string, documentId: string): string {
  return `/api/account/binding-requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(documentId)}`;
}

export interface BindingReviewItem {
  id: string;
  status: BindingRequest['status'];
  enterprise: { id: string; name: string; uscc: string };
  regionName: string;
  requesterName: string;
  accountType: AccountType;
  isLegalPersonClaim: boolean;
  registryResult: 'confirmed' | 'unconfirmed';
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

export function fetchBindingReviewQueue(status: 'pending' | 'decided', signal?: AbortSignal) {
  return httpClient.get<{ items: BindingReviewItem[] }>('/api/admin/binding-requests', {
    query: { status },
    signal,
  });
}

export interface BindingReview {
  id: string;
  status: BindingRequest['status'];
  requestedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  isLegalPersonClaim: boolean;
  registryResult: 'confirmed' | 'unconfirmed';
  enterprise: {
    id: string;
    name: string;
    uscc: string;
    legalRepresentative: string;
    regionName: string;
    currentManagers: string[];
  };
  requester: {
    username: string;
    maskedMobile: string | null;
    accountType: AccountType;
    realName: string;
    idType: string;
    idNumber: string;
    maskedIdNumber: string;
    validFrom: string | null;
    validUntil: string | null;
    contactAddress: string;
    organizationName: string | null;
    verificationStatus: 'submitted' | 'confirmed';
  };
  documents: Array<{ id: string; kind: BindingDocumentKind }>;
}

export function fetchBindingReview(requestId: string, signal?: AbortSignal) {
  return httpClient.get<BindingReview>(`/api/admin/binding-requests/${encodeURIComponent(requestId)}`, {
    signal,
  });
}

export function decideBindingReview(requestId: string, input: BindingDecisionInput) {
  return httpClient.post<{ id: string; status: string }>(
    `/api/admin/binding-requests/${encodeURIComponent(requestId)}/decision`,
    input,
  );
}

export function reviewBindingDocumentUrl(requestId: string, documentId: string): string {
  return `/api/admin/binding-requests/${encodeURIComponent(requestId)}/documents/${encodeURIComponent(documentId)}`;
}

export interface Profile {
  username: string;
  displayName: string;
  maskedMobile: string | null;
  email: string | null;
  contactAddress: string | null;
  enterpriseNature: string | null;
  economicType: string | null;
  employeeCount: number | null;
  registeredAddress: string | null;
  postalCode: string | null;
  registeredAt: string;
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
  return httpClient.post<SentCode & { oldMaskedMobile: string; newMaskedMobile: string }>(
    '/api/account/mobile/sms-codes',
    { newMobile },
  );
}

export function changeMobile(input: { newMobile: string; oldMobileCode: string; newMobileCode: string }) {
  return httpClient.put<{ maskedMobile: string }>('/api/account/mobile', input);
}

export interface AccountDocument {
  id: string;
  kind: 'identity_document' | 'business_license' | 'authorization_letter';
  fileName: string;
  mediaType: string;
  byteSize: number;
  uploadedAt: string;
}

export function fetchDocuments(signal?: AbortSignal) {
  return httpClient.get<{ items: AccountDocument[] }>('/api/account/documents', { signal });
}

export function uploadDocument(form: FormData) {
  return httpClient.post<{ id: string }>('/api/account/documents', form);
}

export interface EnterpriseAccount {
  id: string;
  username: string;
  displayName: string;
  maskedMobile: string | null;
  accountType: AccountType | null;
  isEnterpriseManager: boolean;
  isDisabled: boolean;
  boundAt: string | null;
  isSelf: boolean;
}

export function fetchEnterpriseAccounts(signal?: AbortSignal) {
  return httpClient.get<{ items: EnterpriseAccount[] }>('/api/account/enterprise-accounts', { signal });
}

export function removeEnterpriseAccount(userId: string) {
  return httpClient.delete<void>(`/api/account/enterprise-accounts/${encodeURIComponent(userId)}`);
}

export interface AdminAccount {
  id: string;
  username: string;
  displayName: string;
  maskedMobile: string | null;
  adminLevel: AdminLevel | null;
  region: { code: string; name: string };
  isDisabled: boolean;
  canManage: boolean;
  createdAt: string;
}

export function fetchAdminAccounts(signal?: AbortSignal) {
  return httpClient.get<{ items: AdminAccount[] }>('/api/admin/accounts', { signal });
}

export function fetchAssignableRegions(signal?: AbortSignal) {
  return httpClient.get<{ items: Array<{ code: string; name: string; adminLevel: AdminLevel }> }>(
    '/api/admin/accounts/regions',
    { signal },
  );
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

export interface AuditEvent {
  id: string;
  action: string;
  actorUsername: string | null;
  subjectType: string;
  subjectId: string;
  regionCode: string | null;
  regionName: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
  at: string;
}

export function fetchAuditEvents(
  query: { page: number; pageSize: number; action?: string },
  signal?: AbortSignal,
) {
  return httpClient.get<{ items: AuditEvent[]; total: number }>('/api/admin/audit-events', { query, signal });
}

export interface OutboxMessage {
  id: string;
  mobile: string;
  text: string;
  sentAt: string;
}

export function fetchSmsOutbox(signal?: AbortSignal) {
  return httpClient.get<{ items: OutboxMessage[] }>('/api/dev/sms-outbox', { ...publicRequest, signal });
}
