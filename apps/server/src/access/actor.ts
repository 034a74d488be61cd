import type { AdminLevel, RegionLevel, UserRole } from '../db/schema.ts';

/** Who is acting: resolved from the session once per request and handed to every service call. */
export interface Actor {
  userId: string;
  username: string;
  role: UserRole;
  adminLevel: AdminLevel | null;
  regionCode: string;
  regionLevel: RegionLevel;
  enterpriseId: string | null;
  /** The account that manages its enterprise's filer accounts (the 法人 account, or the first to bind). */
  isEnterpriseManager?: boolean;
}
