import { verificationAnswerKey, type CellProvenance } from '@zhibao/contracts';
import type { CellDefinition } from '@zhibao/survey';
import type { CellComment, CellValues } from '../db/schema.ts';

/*
 * Where each value of a filing came from, read from its submitted versions (filing_revisions) and the reviewers'
 * returns (filing_reviews): a value as first submitted is 'reported'; one a later submission changed is 'corrected',
 * answering the return decided on the version before it, when there was one; one a return asked about and the
 * enterprise submitted again unchanged with its answer (`verificationAnswerKey`) is 'explained'. Estimates (the estimation layer, for
 * enterprises that have not filed) are added by that layer: a filed cell is never 'estimated'.
 */

export interface RevisionOfFiling {
  revisionNo: number;
  values: CellValues;
  explanations: Record<string, string>;
  submittedAt: Date;
}

export interface ReturnOfFiling {
  level: string;
  reason: string | null;
  cellComments: CellComment[];
  /** The version the return decided on: the correction is the next one. */
  revisionNo: number | null;
  decidedAt: Date;
}

const valueOf = (values: CellValues, cell: CellDefinition) => {
  const value = values[cell.formId]?.[cell.key];
  return value === undefined || value === '' ? null : value;
};

/** The provenance of every typed cell the latest version holds, in form order. */
export function cellProvenanceOf(
  cells: Iterable<CellDefinition>,
  revisions: readonly RevisionOfFiling[],
  returns: readonly ReturnOfFiling[],
): CellProvenance[] {
  const ordered = [...revisions].sort((a, b) => a.revisionNo - b.revisionNo);
  const latest = ordered.at(-1);
  if (!latest) return [];
  const provenance: CellProvenance[] = [];
  for (const cell of cells) {
    if (cell.isComputed || valueOf(latest.values, cell) === null) continue;
    const history: CellProvenance['history'] = [];
    for (const revision of ordered) {
      const value = valueOf(revision.values, cell);
      if (history.length === 0 || history.at(-1)?.value !== value) {
        history.push({
          revisionNo: revision.revisionNo,
          value,
          submittedAt: revision.submittedAt.toISOString(),
        });
      }
    }
    const lastChange = history.at(-1)!;
    const isCorrected = history.length > 1;
    // The latest answer given since the value last changed, with the version that carried it.
    const answering = ordered
      .filter((revision) => revision.revisionNo >= lastChange.revisionNo)
      .findLast((revision) => revision.explanations[verificationAnswerKey(cell)] !== undefined);
    const explanation = answering?.explanations[verificationAnswerKey(cell)] ?? null;
    const isExplained = !isCorrected && answering !== undefined;
    const answeredBefore = isCorrected ? lastChange.revisionNo : answering?.revisionNo;
    const answeredReturn =
      answeredBefore === undefined
        ? undefined
        : returns.filter((found) => found.revisionNo !== null && found.revisionNo < answeredBefore).at(-1);
    provenance.push({
      formId: cell.formId,
      key: cell.key,
      label: cell.label,
      name: cell.name,
      source: isCorrected ? 'corrected' : isExplained ? 'explained' : 'reported',
      explanation,
      history,
      answered: answeredReturn
        ? {
            level: answeredReturn.level,
            reason: answeredReturn.reason,
            comment:
              answeredReturn.cellComments.find(
                (comment) => comment.formId === cell.formId && comment.key === cell.key,
              )?.comment ?? null,
            decidedAt: answeredReturn.decidedAt.toISOString(),
          }
        : null,
    });
  }
  return provenance;
}
