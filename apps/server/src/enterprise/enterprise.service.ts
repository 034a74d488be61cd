import { requireAdminActor } from '../access/access.policy.ts';
import type { Actor } from '../access/actor.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { AppContext } from '../app-context.ts';
import { listEnterprisesInRegion } from './enterprise.repository.ts';

export interface DirectoryEntry {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
  regionName: string;
  isInScope: boolean;
  isKeyEnterprise: boolean;
}

/** 企业名录库: the enterprises of the administrator's region, searchable by name or USCC. */
export async function listDirectory(
  ctx: AppContext,
  actor: Actor,
  query: { keyword?: string; page: number; pageSize: number },
): Promise<{ items: DirectoryEntry[]; total: number }> {
  const admin = requireAdminActor(actor);
  const { rows, total } = await listEnterprisesInRegion(ctx.db, {
    regionPrefix: regionScopePrefix(admin.regionCode, admin.regionLevel),
    keyword: query.keyword || undefined,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      uscc: row.uscc,
      name: row.name,
      regionCode: row.region_code,
      regionName: row.region_name,
      isInScope: row.is_in_scope,
      isKeyEnterprise: row.is_key_enterprise,
    })),
  };
}
