import type { OfficialSummaryTable, PassUpSnapshot } from '@zhibao/contracts';
import type { Database } from '../db/database.ts';
import type { PeriodType } from '../db/schema.ts';

// The one owner of received_pass_ups: the pass-up packages other instances sent, as received.

export interface ReceivedPassUp {
  senderKeyId: string;
  senderName: string;
  regionCode: string;
  regionName: string;
  periodType: PeriodType;
  period: string;
  taskName: string;
  editionId: string;
  passedUpAt: Date;
  sha256: string;
  snapshot: PassUpSnapshot;
  summaryTable: OfficialSummaryTable;
  filings: unknown[] | null;
  receivedBy: string;
  now: Date;
}

/** The package held for a sender, region and period, locked until the transaction ends. */
export function lockReceivedPassUp(
  db: Database,
  origin: { senderKeyId: string; regionCode: string; periodType: PeriodType; period: string },
) {
  return db
    .selectFrom('received_pass_ups')
    .select(['id', 'package_sha256', 'passed_up_at'])
    .where('sender_key_id', '=', origin.senderKeyId)
    .where('region_code', '=', origin.regionCode)
    .where('period_type', '=', origin.periodType)
    .where('period', '=', origin.period)
    .forUpdate()
    .executeTakeFirst();
}

/** Keeps a package: a new sender-region-period, or a newer pass-up replacing the one held. */
export async function upsertReceivedPassUp(db: Database, received: ReceivedPassUp): Promise<string> {
  const row = {
    sender_name: received.senderName,
    region_name: received.regionName,
    task_name: received.taskName,
    edition_id: received.editionId,
    passed_up_at: received.passedUpAt,
    package_sha256: received.sha256,
    snapshot: JSON.stringify(received.snapshot),
    summary_table: JSON.stringify(received.summaryTable),
    filings: received.filings === null ? null : JSON.stringify(received.filings),
    filing_count: received.filings?.length ?? 0,
    received_by: received.receivedBy,
    received_at: received.now,
  };
  const { id } = await db
    .insertInto('received_pass_ups')
    .values({
      sender_key_id: received.senderKeyId,
      region_code: received.regionCode,
      period_type: received.periodType,
      period: received.period,
      ...row,
    })
    .onConflict((conflict) =>
      conflict.columns(['sender_key_id', 'region_code', 'period_type', 'period']).doUpdateSet(row),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A received package's kept 汇总表 and where it comes from. */
export function findReceivedPassUp(db: Database, id: string) {
  return db
    .selectFrom('received_pass_ups')
    .select(['id', 'region_code', 'summary_table'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The packages held for the regions inside a region (by code prefix), the latest received first, with who took each in. */
export function listReceivedPassUps(db: Database, regionPrefix: string) {
  return db
    .selectFrom('received_pass_ups as received')
    .innerJoin('users', 'users.id', 'received.received_by')
    .select([
      'received.id',
      'received.sender_name',
      'received.region_code',
      'received.region_name',
      'received.task_name',
      'received.period_type',
      'received.period',
      'received.passed_up_at',
      'received.received_at',
      'received.filing_count',
      'users.display_name as received_by_name',
    ])
    .where('received.region_code', 'like', `${regionPrefix}%`)
    .orderBy('received.received_at', 'desc')
    .orderBy('received.region_code')
    .execute();
}
