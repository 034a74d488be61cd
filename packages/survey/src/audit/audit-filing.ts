import type {
  CellRef,
  CellValue,
  FilingValues,
  PeriodType,
  SurveyEdition,
} from '../definitions/survey.types.ts';
import { Frame } from '../rules/cell-space.ts';
import { auditProgramFor, type AuditProgram } from '../rules/rule-program.ts';
import type { AuditInput, AuditResult, Finding } from './audit.types.ts';
import {
  captureCurrent,
  evaluateInstance,
  loadFiling,
  presentForms,
  readCell,
  snapshotForms,
} from './frame-io.ts';

// One frame per compiled program is reused: audits run synchronously, so no two share it at once.
const scratchFrames = new WeakMap<AuditProgram, Frame>();

function scratchFrame(program: AuditProgram): Frame {
  let frame = scratchFrames.get(program);
  if (!frame) scratchFrames.set(program, (frame = new Frame(program.frameSize)));
  return frame;
}

/**
 * Audits a whole filing: derives computed cells, runs every rule, returns the findings in rule order.
 * `derived` is built on first access from the captured current period, so audits that only need the
 * findings do not pay for building it.
 */
export function auditFiling(edition: SurveyEdition, input: AuditInput): AuditResult {
  const program = auditProgramFor(edition, input.periodType);
  const frame = scratchFrame(program);
  loadFiling(program, frame, input);
  const findings: Finding[] = [];
  const { instances } = program;
  for (let i = 0; i < instances.length; i++) {
    const finding = evaluateInstance(instances[i]!, frame);
    if (finding) findings.push(finding);
  }
  const current = captureCurrent(program, frame);
  let derived: FilingValues | undefined;
  return {
    findings,
    get derived() {
      return (derived ??= snapshotForms(program, current, presentForms(program, input.values)));
    },
  };
}

/** The filed forms with their computed cells (合计, 自动计算) derived from the typed ones. */
export function deriveComputedCells(
  edition: SurveyEdition,
  periodType: PeriodType,
  values: FilingValues,
): FilingValues {
  const program = auditProgramFor(edition, periodType);
  const frame = scratchFrame(program);
  loadFiling(program, frame, { periodType, values });
  return snapshotForms(program, captureCurrent(program, frame), presentForms(program, values));
}

// Frame slots of each list of cells asked for, per program (callers pass the same list for many filings).
const slotLists = new WeakMap<AuditProgram, WeakMap<ReadonlyArray<CellRef>, Int32Array>>();

function slotsOf(program: AuditProgram, cells: ReadonlyArray<CellRef>): Int32Array {
  let byList = slotLists.get(program);
  if (!byList) slotLists.set(program, (byList = new WeakMap()));
  let slots = byList.get(cells);
  if (!slots) {
    const { indexByForm } = program.space;
    slots = Int32Array.from(cells, (cell) => indexByForm.get(cell.formId)?.get(cell.key) ?? -1);
    byList.set(cells, slots);
  }
  return slots;
}

/**
 * The values of the given cells, computed ones (合计) derived from the typed ones, in the order asked (null where
 * blank or unknown): what `deriveComputedCells` gives for those cells, without building every form. For
 * callers that derive a few cells of thousands of filings or sums (汇总's enterprise rows).
 */
export function deriveCellValues(
  edition: SurveyEdition,
  periodType: PeriodType,
  values: FilingValues,
  cells: ReadonlyArray<CellRef>,
): CellValue[] {
  const program = auditProgramFor(edition, periodType);
  const frame = scratchFrame(program);
  loadFiling(program, frame, { periodType, values });
  const { isNumeric } = program.space;
  return Array.from(slotsOf(program, cells), (slot) =>
    slot < 0 ? null : readCell(frame, slot, isNumeric[slot]!),
  );
}
