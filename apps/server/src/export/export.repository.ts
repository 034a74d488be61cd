import type { Database } from '../db/database.ts';
import type { CellValues } from '../db/schema.ts';

/**
 * One page of a task's filed (not draft) filings inside a region, in id order after `afterId`: keyset paging,
 * so a page costs the same at the end of a national export as at its start.
 */
export function listFiledFilingsPage(
  db: Database,
  options: { taskId: string; regionPrefix: string; afterId: string; limit: number },
) {
  return (
    db
      .selectFrom('filings as f')
      .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
      .select(['f.id', 'f.status', 'f.cell_values', 'f.explanations', 'e.uscc', 'e.name', 'e.region_code'])
      // The values as first submitted, against which the export marks the cells the enterprise corrected since.
      .select((eb) =>
        eb
          .selectFrom('filing_revisions as r')
          .select('r.cell_values')
          .whereRef('r.filing_id', '=', 'f.id')
          .where('r.revision_no', '=', 1)
          .as('first_values'),
      )
      .where('f.task_id', '=', options.taskId)
      .where('f.status', '<>', 'draft')
      .where('e.region_code', 'like', `${options.regionPrefix}%`)
      .where('f.id', '>', options.afterId)
      .orderBy('f.id')
      .limit(options.limit)
      .execute() as Promise<
      Array<{
        id: string;
        status: string;
        cell_values: CellValues;
        explanations: Record<string, string>;
        first_values: CellValues | null;
        uscc: string;
        name: string;
        region_code: string;
      }>
    >
  );
}

/**
 * What the sign-off footer of a filed report needs beyond its values: the enterprise's legal representative, and
 * who submitted the latest revision (name, mobile) and when.
 */
export function findSignOffSources(db: Database, filingId: string) {
  return db
    .selectFrom('filing_revisions as r')
    .innerJoin('filings as f', 'f.id', 'r.filing_id')
    .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
    .innerJoin('users as u', 'u.id', 'r.submitted_by')
    .select(['e.legal_representative', 'u.display_name', 'u.mobile', 'u.mobile_key_id', 'r.submitted_at'])
    .where('r.filing_id', '=', filingId)
    .orderBy('r.revision_no', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** What a submission receipt prints: the latest submitted revision with its submitter, enterprise and task. */
export function findReceiptSources(db: Database, filingId: string) {
  return db
    .selectFrom('filing_revisions as r')
    .innerJoin('filings as f', 'f.id', 'r.filing_id')
    .innerJoin('enterprises as e', 'e.id', 'f.enterprise_id')
    .innerJoin('survey_tasks as t', 't.id', 'f.task_id')
    .innerJoin('users as u', 'u.id', 'r.submitted_by')
    .select([
      'r.revision_no',
      'r.cell_values',
      'r.submitted_at',
      'u.display_name as submitted_by_name',
      'f.status',
      'f.pending_level',
      'e.name as enterprise_name',
      'e.uscc',
      't.name as task_name',
      't.edition_id',
      't.period_type',
      't.period',
    ])
    .where('r.filing_id', '=', filingId)
    .orderBy('r.revision_no', 'desc')
    .limit(1)
    .executeTakeFirst();
}
