import type { DecidedFiling, OutlierFlag, VerificationQueryInput } from '@zhibao/contracts';
import { authorizeActor } from '../access/policy.ts';
import type { Actor } from '../access/actor.ts';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../http/app-error.ts';
import type { RequestMeta } from '../http/request-meta.ts';
import { returnFiling } from '../review/commands/return-filing.command.ts';
import { cellIndexOf } from '../review/review-cells.ts';
import { loadFiling } from '../review/review-scope.ts';
import { listFilingOutliers } from './outlier.service.ts';

const comparisonWords: Record<OutlierFlag['comparison'], string> = {
  'same-month-last-year': '本月增量与去年同月增量相比',
  'previous-month': '本月增量与上月增量相比',
  'previous-year': '本年数与上年数相比',
  'class-levels': '与同类企业的本期数相比',
};

const number = (value: number) => Number(value.toPrecision(6)).toString();

/** The numbers behind a flag in the words the enterprise reads on its notice and beside the cell. */
export function describeFlag(flag: Pick<OutlierFlag, 'comparison' | 'side' | 'numbers'>): string {
  const side = flag.side === 'high' ? '偏高' : '偏低';
  const { numbers } = flag;
  if (numbers.method === 'hb') {
    return (
      `${comparisonWords[flag.comparison]}${side}：${number(numbers.current)} 对 ${number(numbers.previous)}` +
      `（比值 ${number(numbers.ratio)}，同类中位数 ${number(numbers.medianRatio)}；HB效应 ${number(numbers.effect)}` +
      ` 超出区间 [${number(numbers.lowerBound)}, ${number(numbers.upperBound)}]）`
    );
  }
  return (
    `${comparisonWords[flag.comparison]}${side}：${number(numbers.current)}（同类中位数 ${number(numbers.median)}，` +
    `与相邻值的间隔超过 ${number(numbers.gapLimit)}）`
  );
}

/**
 * 请核实: the reviewer asks the enterprise to verify flagged cells. The filing goes back to the enterprise as a
 * 退回 (the one way a reviewer hands a filing back), its reason the reviewer's words and each cell's comment the
 * numbers behind its flags; the enterprise answers by correcting the value or by submitting it again unchanged
 * with its explanation, and the cell's provenance records the correction with the query it answered.
 */
export async function sendVerificationQuery(
  ctx: AppContext,
  actor: Actor,
  filingId: string,
  input: VerificationQueryInput,
  meta: RequestMeta,
): Promise<DecidedFiling> {
  const admin = authorizeActor(actor, 'review.return');
  const row = await loadFiling(ctx, admin, filingId, 'review.return');
  const cells = cellIndexOf(row.edition_id, row.period_type);
  const unknown = input.cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => !cells.has(`${cell.formId}.${cell.key}`));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      '核实的单元格不存在',
      unknown.map(({ cell, index }) => ({
        name: `cells.${index}`,
        reason: `报表中没有单元格 ${cell.formId}.${cell.key}`,
      })),
    );
  }
  const { flags } = await listFilingOutliers(ctx, admin, filingId);
  const cellComments = input.cells.map((cell) => {
    const described = flags
      .filter((flag) => flag.formId === cell.formId && flag.key === cell.key)
      .map(describeFlag);
    return {
      formId: cell.formId,
      key: cell.key,
      comment: (described.length > 0 ? `请核实。${described.join('；')}` : '请核实该数值。').slice(0, 500),
    };
  });
  return returnFiling(
    ctx,
    admin,
    filingId,
    { reason: `请核实：${input.message}`, cellComments, explanationVerdicts: {} },
    meta,
  );
}
