import type { Database } from '../db/database.ts';
import type { PersonalDataCipher } from '../personal-data/personal-data-cipher.ts';
import { sealMobile } from '../personal-data/sealed-mobile.ts';

// An unbound account belongs to no division yet; 全国 keeps the not-null region column honest.
const unboundRegionCode = '000000';

export function insertRegisteredUser(
  db: Database,
  cipher: PersonalDataCipher,
  user: { username: string; passwordHash: string; mobile: string | null; now: Date },
) {
  return db
    .insertInto('users')
    .values({
      username: user.username,
      password_hash: user.passwordHash,
      display_name: user.username,
      ...(user.mobile === null ? {} : sealMobile(cipher, user.mobile)),
      role: 'enterprise',
      admin_level: null,
      region_code: unboundRegionCode,
      enterprise_id: null,
      password_changed_at: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/**
 * Accounts moved in from the old platform, bound to their enterprises, with the old password hash until their first
 * sign-in; a username already taken is left as it is (a second import changes nothing). Answers how many were added.
 */
export async function insertMovedInUsers(
  db: Database,
  cipher: PersonalDataCipher,
  users: Array<{
    username: string;
    passwordHash: string;
    displayName: string;
    mobile: string | null;
    enterpriseId: string;
    regionCode: string;
    now: Date;
  }>,
): Promise<number> {
  if (users.length === 0) return 0;
  const inserted = await db
    .insertInto('users')
    .values(
      users.map((user) => ({
        username: user.username,
        password_hash: user.passwordHash,
        display_name: user.displayName,
        ...(user.mobile === null
          ? { mobile: null, mobile_key_id: null, mobile_hash: null }
          : sealMobile(cipher, user.mobile)),
        role: 'enterprise' as const,
        admin_level: null,
        region_code: user.regionCode,
        enterprise_id: user.enterpriseId,
        bound_at: user.now,
        moved_in_at: user.now,
      })),
    )
    .onConflict((conflict) => conflict.column('username').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}
