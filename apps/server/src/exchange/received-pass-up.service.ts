import type { ReceivedPassUpItem } from '@zhibao/contracts';
import { authorize, authorizeActor } from '../access/policy.ts';
import { regionScopePrefix } from '../access/region-scope.ts';
import type { Actor } from '../access/actor.ts';
import {
  renderSummaryTable,
  type SummaryTableFile,
  type SummaryTableFormat,
} from '../aggregation/official-summary.service.ts';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../http/app-error.ts';
import { formatPeriodLabel } from '../task/period.ts';
import { findReceivedPassUp, listReceivedPassUps } from './received-pass-up.repository.ts';

/** 已接收的上报包: the packages held for the administrator's region and the regions inside it. */
export async function listReceived(ctx: AppContext, actor: Actor): Promise<{ items: ReceivedPassUpItem[] }> {
  const admin = authorizeActor(actor, 'exchange.list');
  const rows = await listReceivedPassUps(ctx.db, regionScopePrefix(admin.regionCode, admin.regionLevel));
  return {
    items: rows.map((row) => ({
      id: row.id,
      senderName: row.sender_name,
      region: { code: row.region_code, name: row.region_name },
      taskName: row.task_name,
      periodLabel: formatPeriodLabel(row.period_type, row.period),
      passedUpAt: row.passed_up_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      receivedBy: row.received_by_name,
      filingCount: row.filing_count,
    })),
  };
}

/** The 汇总表 of a received pass-up package, drawn exactly as its sender sent it. */
export async function downloadReceivedSummaryTable(
  ctx: AppContext,
  actor: Actor,
  receivedId: string,
  format: SummaryTableFormat,
): Promise<SummaryTableFile> {
  const admin = authorizeActor(actor, 'exchange.read');
  const received = await findReceivedPassUp(ctx.db, receivedId);
  // A missing package answers as one out of reach does.
  if (!received) throw notFound('地区');
  authorize(admin, 'exchange.read', { code: received.region_code });
  return renderSummaryTable(ctx, received.summary_table, format);
}
