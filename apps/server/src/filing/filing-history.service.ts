import type { FilingHistory, HistoryEntry, RevisionComparison } from '@zhibao/contracts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import type { AdminLevel, FilingStatus } from '../db/schema.ts';
import { notFound } from '../http/app-error.ts';
import { findRegionLineage } from '../region/region.repository.ts';
import { cellIndexOf } from '../review/review-cells.ts';
import { compareCellValues } from './filing-history.ts';
import {
  findRevisionValues,
  listFilingTimeline,
  listRevisionsOfFiling,
  type TimelineRow,
} from './filing-history.repository.ts';
import type { HistoryQuery } from '@zhibao/contracts';
import { loadVisibleFiling } from './filing.service.ts';

const statuses = new Set(['not_started', 'draft', 'submitted', 'returned', 'approved']);

/** The state an audit row's `from`/`to` names: written as a bare status or as { status, pendingLevel }. */
function stateOf(value: unknown, pendingLevel: unknown): HistoryEntry['statusFrom'] {
  const state =
    typeof value === 'object' && value !== null
      ? (value as { status?: unknown; pendingLevel?: unknown })
      : { status: value, pendingLevel };
  if (typeof state.status !== 'string' || !statuses.has(state.status)) return null;
  return {
    status: state.status as FilingStatus | 'not_started',
    pendingLevel: (state.pendingLevel as AdminLevel | null | undefined) ?? null,
  };
}

function cellCommentsOf(value: unknown, cells: ReturnType<typeof cellIndexOf>): HistoryEntry['cellComments'] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: { formId?: unknown; key?: unknown; comment?: unknown }) => {
    if (typeof item?.formId !== 'string' || typeof item.key !== 'string' || typeof item.comment !== 'string')
      return [];
    const cell = cells.get(`${item.formId}.${item.key}`);
    return [
      {
        formId: item.formId,
        key: item.key,
        label: cell?.label ?? item.key,
        name: cell?.name ?? '',
        comment: item.comment,
      },
    ];
  });
}

function verdictsOf(value: unknown): HistoryEntry['explanationVerdicts'] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([ruleId, verdict]) =>
    verdict === 'accepted' || verdict === 'rejected' ? [{ ruleId, verdict }] : [],
  );
}

/** 延期 as recorded (filing.extend): the new deadline, the one before, and the region of a 地区延期 by name. */
function extensionOf(row: TimelineRow, regionNames: ReadonlyMap<string, string>): HistoryEntry['extension'] {
  const details = row.details ?? {};
  if (row.action !== 'filing.extend' || typeof details.until !== 'string') return null;
  const regionCode = typeof details.regionCode === 'string' ? details.regionCode : null;
  return {
    until: details.until,
    previous: typeof details.previous === 'string' ? details.previous : null,
    region: regionCode ? { code: regionCode, name: regionNames.get(regionCode) ?? regionCode } : null,
  };
}

/** The names of the regions granted a 地区延期 on the page's entries. */
async function namesOfExtendedRegions(ctx: AppContext, rows: TimelineRow[]): Promise<Map<string, string>> {
  const codes = new Set(
    rows.flatMap((row) =>
      row.action === 'filing.extend' && typeof row.details?.regionCode === 'string'
        ? [row.details.regionCode]
        : [],
    ),
  );
  const names = await Promise.all(
    [...codes].map(async (code) => [code, (await findRegionLineage(ctx.db, code))[0]?.name ?? code] as const),
  );
  return new Map(names);
}

function presentEntry(
  row: TimelineRow,
  cells: ReturnType<typeof cellIndexOf>,
  regionNames: ReadonlyMap<string, string>,
): HistoryEntry {
  const details = row.details ?? {};
  const cell = row.form_id && row.cell_key ? cells.get(`${row.form_id}.${row.cell_key}`) : undefined;
  const reason = [details.reason, details.note].find((text) => typeof text === 'string' && text !== '');
  return {
    id: row.id,
    kind: row.kind,
    at: row.at.toISOString(),
    action: row.action,
    actorName: row.actor_name,
    ip: row.ip_address,
    statusFrom: row.kind === 'status' ? stateOf(details.from, details.pendingLevel) : null,
    statusTo: row.kind === 'status' ? stateOf(details.to, details.pendingLevel) : null,
    reason: (reason as string | undefined) ?? null,
    takenOverBy: (details.takenOverBy as AdminLevel | undefined) ?? null,
    cell:
      row.form_id && row.cell_key
        ? {
            formId: row.form_id,
            key: row.cell_key,
            label: cell?.label ?? row.cell_key,
            name: cell?.name ?? '',
            unit: cell?.unit ?? null,
          }
        : null,
    before: row.old_value,
    after: row.new_value,
    cellComments: row.kind === 'status' ? cellCommentsOf(details.cellComments, cells) : [],
    explanationVerdicts: row.kind === 'status' ? verdictsOf(details.explanationVerdicts) : [],
    extension: extensionOf(row, regionNames),
  };
}

/** 历史记录: a filing's status changes and changed cells, newest first, one page at a time. */
export async function getFilingHistory(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  query: HistoryQuery,
): Promise<FilingHistory> {
  const row = await loadVisibleFiling(ctx, actor, filingId);
  const [timeline, revisions] = await Promise.all([
    listFilingTimeline(ctx.db, {
      filingId: row.id,
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    }),
    listRevisionsOfFiling(ctx.db, row.id),
  ]);
  const cells = cellIndexOf(row.edition_id, row.period_type);
  const regionNames = await namesOfExtendedRegions(ctx, timeline.rows);
  return {
    editionId: row.edition_id,
    items: timeline.rows.map((entry) => presentEntry(entry, cells, regionNames)),
    total: timeline.total,
    page: query.page,
    pageSize: query.pageSize,
    revisions: revisions.map((revision) => ({
      revisionNo: revision.revision_no,
      submittedAt: revision.submitted_at.toISOString(),
      submittedBy: revision.submitted_by_name,
    })),
  };
}

/** 修订对比: two submitted versions side by side, every cell either holds, with what changed. */
export async function compareFilingRevisions(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  revisionNos: { from: number; to: number },
): Promise<RevisionComparison> {
  const row = await loadVisibleFiling(ctx, actor, filingId);
  const revisions = await findRevisionValues(ctx.db, row.id, [revisionNos.from, revisionNos.to]);
  const from = revisions.find((revision) => revision.revision_no === revisionNos.from);
  const to = revisions.find((revision) => revision.revision_no === revisionNos.to);
  if (!from || !to) throw notFound('报表版本');
  return {
    ...revisionNos,
    cells: compareCellValues(cellIndexOf(row.edition_id, row.period_type), from.cell_values, to.cell_values),
  };
}
