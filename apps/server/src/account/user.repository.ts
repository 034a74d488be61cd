import type { Database } from '../db/database.ts';

/** The user with the region and enterprise it belongs to, as sessions and profiles need it. */
export function findUserProfile(db: Database, where: { id: string } | { username: string }) {
  let query = db
    .selectFrom('users')
    .innerJoin('regions', 'regions.code', 'users.region_code')
    .leftJoin('enterprises', 'enterprises.id', 'users.enterprise_id')
    .select([
      'users.id',
      'users.username',
      'users.password_hash',
      'users.display_name',
      'users.role',
      'users.admin_level',
      'users.region_code',
      'users.enterprise_id',
      'users.is_disabled',
      'regions.name as region_name',
      'regions.level as region_level',
      'enterprises.name as enterprise_name',
      'enterprises.uscc as enterprise_uscc',
    ]);
  query =
    'id' in where
      ? query.where('users.id', '=', where.id)
      : query.where('users.username', '=', where.username);
  return query.executeTakeFirst();
}

export type UserProfileRow = NonNullable<Awaited<ReturnType<typeof findUserProfile>>>;
