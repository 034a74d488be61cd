import type { FilingProvenance } from '@zhibao/contracts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { cellProvenanceOf } from './cell-provenance.ts';
import { cellIndexOf } from './review-cells.ts';
import { loadFiling } from './review-scope.ts';
import { listFilingReviews, listRevisions } from './review.repository.ts';

/** Where each value of a filing came from (reported, corrected after a return or 请核实), for its review page. */
export async function getFilingProvenance(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
): Promise<FilingProvenance> {
  const admin = authorizeActor(actor, 'review.read');
  const row = await loadFiling(ctx, admin, filingId, 'review.read');
  const [revisions, reviews] = await Promise.all([
    listRevisions(ctx.db, row.id),
    listFilingReviews(ctx.db, row.id),
  ]);
  return {
    filingId: row.id,
    cells: cellProvenanceOf(
      cellIndexOf(row.edition_id, row.period_type).values(),
      revisions.map((revision) => ({
        revisionNo: revision.revision_no,
        values: revision.cell_values,
        explanations: revision.explanations,
        submittedAt: revision.submitted_at,
      })),
      reviews
        .filter((review) => review.action === 'return')
        .map((review) => ({
          level: review.level,
          reason: review.reason,
          cellComments: review.cell_comments,
          revisionNo: review.revision_no,
          decidedAt: review.created_at,
        })),
    ),
  };
}
