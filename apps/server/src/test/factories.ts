import { buildUscc } from '@zhibao/survey';
import { hashPassword } from '../account/password.ts';
import type { Database } from '../db/database.ts';
import type { AdminLevel } from '../db/schema.ts';

export const testPassword = 'Test@2026pass';

let sequence = 0;
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function nextSubjectBody(): string {
  sequence += 1;
  let rest = sequence * 104_729 + Math.floor(Math.random() * 1e6);
  let body = '';
  for (let i = 0; i < 7; i += 1) {
    body += alphabet[rest % alphabet.length];
    rest = Math.floor(rest / alphabet.length);
  }
  return `T${body}`;
}

/** An enterprise in the given division with a valid, unique USCC. */
export async function createEnterprise(
  db: Database,
  options: { regionCode: string; name?: string; isKeyEnterprise?: boolean; isInScope?: boolean },
) {
  const uscc = buildUscc({
    authority: '9',
    kind: '1',
    division: options.regionCode,
    subject: nextSubjectBody(),
  });
  return db
    .insertInto('enterprises')
    .values({
      uscc,
      name: options.name ?? `测试软件有限公司${sequence}`,
      region_code: options.regionCode,
      legal_representative: '测试',
      industry_code: '6513',
      is_in_scope: options.isInScope ?? true,
      is_key_enterprise: options.isKeyEnterprise ?? true,
      has_ai_business: false,
    })
    .returning(['id', 'uscc', 'name', 'region_code'])
    .executeTakeFirstOrThrow();
}

/** An enterprise filer account bound to the enterprise. */
export async function createFiler(db: Database, enterprise: { id: string; region_code: string }) {
  sequence += 1;
  const username = `filer${sequence}`;
  await db
    .insertInto('users')
    .values({
      username,
      password_hash: await hashPassword(testPassword),
      display_name: `填报员${sequence}`,
      role: 'enterprise',
      admin_level: null,
      region_code: enterprise.region_code,
      enterprise_id: enterprise.id,
    })
    .execute();
  return { username, password: testPassword };
}

/** An administrator of the given level and region. */
export async function createAdmin(db: Database, options: { adminLevel: AdminLevel; regionCode: string }) {
  sequence += 1;
  const username = `admin${sequence}`;
  await db
    .insertInto('users')
    .values({
      username,
      password_hash: await hashPassword(testPassword),
      display_name: `管理员${sequence}`,
      role: 'admin',
      admin_level: options.adminLevel,
      region_code: options.regionCode,
      enterprise_id: null,
    })
    .execute();
  return { username, password: testPassword };
}
