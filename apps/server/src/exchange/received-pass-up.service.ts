import { authorize, authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import {
  renderSummaryTable,
  type SummaryTableFile,
  type SummaryTableFormat,
} from '../aggregation/official-summary.service.ts';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../http/app-error.ts';
import { findReceivedPassUp } from './received-pass-up.repository.ts';

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
