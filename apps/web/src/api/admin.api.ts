import type { AdminLevel } from './session.api';
import { httpClient } from './http-client';

export interface TaskProgress {
  taskId: string;
  taskName: string;
  periodLabel: string;
  closesAt: string;
  expected: number;
  submitted: number;
  approved: number;
  returned: number;
  notSubmitted: number;
  overdue: number;
}

export interface AdminOverview {
  region: { code: string; name: string };
  adminLevel: AdminLevel;
  enterpriseCount: number;
  tasks: TaskProgress[];
}

export interface DirectoryEnterprise {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
  regionName: string;
  isInScope: boolean;
  isKeyEnterprise: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export function fetchAdminOverview(signal?: AbortSignal): Promise<AdminOverview> {
  return httpClient.get<AdminOverview>('/api/admin/overview', { signal });
}

export function fetchDirectoryEnterprises(
  filter: { keyword?: string; page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<DirectoryEnterprise>> {
  return httpClient.get<Page<DirectoryEnterprise>>('/api/admin/enterprises', {
    query: { keyword: filter.keyword?.trim(), page: filter.page, pageSize: filter.pageSize },
    signal,
  });
}
