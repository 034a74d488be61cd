import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { EnterpriseTable } from '../db/schema.ts';

/** One page of the enterprise directory of a region, by name, with the total for paging. */
export async function listEnterprisesInRegion(
  db: Database,
  options: { regionPrefix: string; keyword?: string; offset: number; limit: number },
) {
  let query = db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .where('enterprises.region_code', 'like', `${options.regionPrefix}%`);
  if (options.keyword) {
    const pattern = `%${options.keyword.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('enterprises.name', 'like', pattern), eb('enterprises.uscc', 'like', pattern)]),
    );
  }
  const [rows, total] = await Promise.all([
    query
      .select([
        'enterprises.id',
        'enterprises.uscc',
        'enterprises.name',
        'enterprises.region_code',
        'regions.name as region_name',
        'enterprises.is_in_scope',
        'enterprises.is_key_enterprise',
        'enterprises.is_scope_overridden',
        'enterprises.industry_code',
        'enterprises.size_code',
      ])
      .orderBy('enterprises.region_code')
      .orderBy('enterprises.name')
      .offset(options.offset)
      .limit(options.limit)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.count };
}

const detailColumns = [
  'enterprises.id',
  'enterprises.uscc',
  'enterprises.name',
  'enterprises.region_code',
  'regions.name as region_name',
  'enterprises.legal_representative',
  'enterprises.industry_code',
  'enterprises.main_revenue',
  'enterprises.software_revenue',
  'enterprises.ic_design_revenue',
  'enterprises.is_special_activity',
  'enterprises.size_code',
  'enterprises.is_in_scope',
  'enterprises.is_scope_overridden',
  'enterprises.scope_override_reason',
  'enterprises.is_key_enterprise',
  'enterprises.has_ai_business',
] as const;

export function findEnterpriseById(db: Database, id: string) {
  return db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .select(detailColumns)
    .where('enterprises.id', '=', id)
    .executeTakeFirst();
}

export type EnterpriseDetailRow = NonNullable<Awaited<ReturnType<typeof findEnterpriseById>>>;

export function findEnterprisesByUscc(db: Database, usccs: string[]) {
  if (usccs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enterprises')
    .select(['id', 'uscc', 'region_code'])
    .where('uscc', 'in', usccs)
    .execute();
}

export type EnterpriseColumns = Omit<
  EnterpriseTable,
  'id' | 'created_at' | 'is_special_activity' | 'is_scope_overridden'
> & {
  is_special_activity: boolean;
  is_scope_overridden: boolean;
};

export async function insertEnterprise(db: Database, values: EnterpriseColumns) {
  return db.insertInto('enterprises').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Adds enterprises a batch at a time; a USCC already in the directory is left as it is. Answers how many were added. */
export async function insertEnterprises(db: Database, values: EnterpriseColumns[]): Promise<number> {
  if (values.length === 0) return 0;
  const added = await db
    .insertInto('enterprises')
    .values(values)
    .onConflict((conflict) => conflict.column('uscc').doNothing())
    .returning('id')
    .execute();
  return added.length;
}

export async function updateEnterprise(db: Database, id: string, values: EnterpriseColumns) {
  await db.updateTable('enterprises').set(values).where('id', '=', id).execute();
}

export function findRegionsByCodes(db: Database, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('regions').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
}

/** The scope thresholds a province chose, if it did. */
export function findScopeSetting(db: Database, provinceCode: string) {
  return db
    .selectFrom('directory_settings')
    .select(['scope_thresholds_id'])
    .where('province_code', '=', provinceCode)
    .executeTakeFirst();
}

export async function upsertScopeSetting(
  db: Database,
  setting: { provinceCode: string; id: string; userId: string },
): Promise<void> {
  await db
    .insertInto('directory_settings')
    .values({
      province_code: setting.provinceCode,
      scope_thresholds_id: setting.id,
      updated_by: setting.userId,
    })
    .onConflict((conflict) =>
      conflict.column('province_code').doUpdateSet({
        scope_thresholds_id: setting.id,
        updated_by: setting.userId,
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** The enterprises listed under the given USCCs, with every column an import may change (locked in `trx`). */
export function findEnterpriseDetailsByUscc(
  db: Database,
  usccs: string[],
  options: { forUpdate?: boolean } = {},
) {
  if (usccs.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('enterprises')
    .innerJoin('regions', 'regions.code', 'enterprises.region_code')
    .select(detailColumns)
    .where('enterprises.uscc', 'in', usccs);
  if (options.forUpdate) query = query.forUpdate('enterprises');
  return query.execute();
}

export async function insertImportPreview(
  db: Database,
  preview: { userId: string; regionCode: string; fileName: string; plan: unknown; expiresAt: Date },
) {
  return db
    .insertInto('directory_import_previews')
    .values({
      user_id: preview.userId,
      region_code: preview.regionCode,
      file_name: preview.fileName,
      plan: JSON.stringify(preview.plan),
      expires_at: preview.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A preview of the user's, locked so that one confirmation applies it. */
export function findImportPreviewForUpdate(db: Database, previewId: string, userId: string) {
  return db
    .selectFrom('directory_import_previews')
    .selectAll()
    .where('id', '=', previewId)
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
}

export async function markImportPreviewApplied(db: Database, previewId: string, at: Date): Promise<void> {
  await db
    .updateTable('directory_import_previews')
    .set({ applied_at: at })
    .where('id', '=', previewId)
    .execute();
}

/** Forgets previews that expired a day ago: they can no longer be confirmed. */
export async function deleteExpiredImportPreviews(db: Database, before: Date): Promise<void> {
  await db.deleteFrom('directory_import_previews').where('expires_at', '<', before).execute();
}

/** The divisions whose code starts with the prefix, in code order. */
export function listRegionsUnder(db: Database, prefix: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', 'like', `${prefix}%`)
    .orderBy('code')
    .execute();
}
