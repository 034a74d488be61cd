import type {
  CellRef,
  CellValue,
  FilingValues,
  PeriodType,
  SurveyEdition,
} from '../definitions/survey.types.ts';
import { CURRENT, Frame } from '../rules/cell-space.ts';
import { auditProgramFor, type AuditProgram } from '../rules/rule-program.ts';
import type { AuditInput, AuditResult, Finding } from './audit.types.ts';
import {
  captureCurrent,
  evaluateInstance,
  loadFiling,
  presentForms,
  readCell,
  runStep,
  snapshotForms,
  writeCell,
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

/** A few cells of an edition derived from only the typed cells they come from (see compileCellDerivation). */
export interface CellDerivation {
  /** The typed cells the asked cells are derived from (or are), in the order `derive` takes their values. */
  inputs: readonly CellRef[];
  /**
   * Writes the asked cells' values into `derived`, in the order asked (NaN where blank or unknown), from the
   * inputs' values in `typed` (numbers, text as a filing may hold it, null or undefined where blank).
   */
  derive(typed: ArrayLike<CellValue | undefined>, derived: Float64Array): void;
}

/**
 * What `deriveCellValues` gives for the given numeric cells of a filing of the current period alone, for callers
 * that derive them for a whole population (the national outlier run): only the typed cells they are computed from
 * are read and only the computed cells between run, in a frame of the derivation's own where every other cell
 * stays blank, so a filing costs a few array writes.
 */
export function compileCellDerivation(
  edition: SurveyEdition,
  periodType: PeriodType,
  cells: ReadonlyArray<CellRef>,
): CellDerivation {
  const program = auditProgramFor(edition, periodType);
  const { cells: definitions, cellCount, isNumeric } = program.space;
  const slots = slotsOf(program, cells);
  for (const [index, slot] of slots.entries()) {
    if (slot >= 0 && !isNumeric[slot]) {
      const cell = cells[index]!;
      throw new Error(`${cell.formId}.${cell.key} is not a numeric cell`);
    }
  }
  const current = program.derivation[CURRENT]!;
  const stepBySlot = new Map(current.map((step) => [step.slot, step]));
  const stepSlots = new Set<number>();
  const inputSlots = new Set<number>();
  // Slots of the other periods are never loaded: with no values given for them they derive blank, as in a filing
  // audited without its previous periods.
  const visit = (slot: number): void => {
    const step = stepBySlot.get(slot);
    if (!step) {
      if (slot < cellCount) inputSlots.add(slot);
      return;
    }
    if (stepSlots.has(slot)) return;
    stepSlots.add(slot);
    for (const input of step.inputs) visit(input);
  };
  for (const slot of slots) if (slot >= 0) visit(slot);
  // In the program's order, so every step runs after the steps it reads.
  const steps = current.filter((step) => stepSlots.has(step.slot));
  const inputs = Int32Array.from([...inputSlots].sort((a, b) => a - b));
  const frame = new Frame(program.frameSize);
  return {
    inputs: Array.from(inputs, (slot) => ({
      formId: definitions[slot]!.formId,
      key: definitions[slot]!.key,
    })),
    derive(typed, derived) {
      for (let i = 0; i < inputs.length; i++) writeCell(frame, inputs[i]!, isNumeric[inputs[i]!]!, typed[i]);
      for (let i = 0; i < steps.length; i++) runStep(frame, steps[i]!);
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        derived[i] = slot < 0 || frame.blank[slot] === 1 ? NaN : frame.num[slot]!;
      }
    },
  };
}
