import type { Database } from '../db/database.ts';

// An unbound account belongs to no division yet; 全国 keeps the not-null region column honest.
const unboundRegionCode = '000000';

export function insertRegisteredUser(
  db: Database,
  user: { username: string; passwordHash: string; mobile: string; now: Date },
) {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      display_name: user.username,
      mobile: user.mobile,
      role: 'enterprise',
      admin_level: null,
      region_code: unboundRegionCode,
      enterprise_id: null,
      password_changed_at: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
