import type { CellValue, FilingValues, FormId } from '../definitions/survey.types.ts';
import { CURRENT, LAST_YEAR, PREVIOUS, type Frame, type PeriodIndex } from '../rules/cell-space.ts';
import type { AuditProgram, ComputedStep, RuleInstance } from '../rules/rule-program.ts';
import type { AuditInput, Finding } from './audit.types.ts';

// Moving filing values in and out of a Frame, deriving computed cells and running rule instances: the
// steps the full audit and the incremental auditor share, so both reach the same findings.

/**
 * Writes one value; numeric cells accept numbers and numeric strings. Anything else typed into a numeric cell
 * (NaN, Infinity, 'abc') counts as blank and is marked as not a number, which the plausibility rule reports.
 */
export function writeCell(
  frame: Frame,
  slot: number,
  isNumeric: boolean,
  value: CellValue | undefined,
): void {
  if (isNumeric) {
    const isTyped = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '');
    const number = isTyped ? Number(value) : NaN;
    const isBlank = !Number.isFinite(number);
    frame.num[slot] = isBlank ? 0 : number;
    frame.blank[slot] = isBlank ? 1 : 0;
    frame.notNumber[slot] = isTyped && isBlank ? 1 : 0;
    return;
  }
  const text = value === null || value === undefined ? '' : String(value).trim();
  frame.text[slot] = text;
  frame.blank[slot] = text === '' ? 1 : 0;
}

/** Reads one value back; null when blank. */
export function readCell(frame: Frame, slot: number, isNumeric: boolean): CellValue {
  if (frame.blank[slot] === 1) return null;
  return isNumeric ? frame.num[slot]! : frame.text[slot]!;
}

/** Derives one computed cell: blank when all its inputs are blank. */
export function runStep(frame: Frame, step: ComputedStep): void {
  const { inputs, slot } = step;
  let isBlank = 1;
  for (let i = 0; i < inputs.length; i++) {
    if (frame.blank[inputs[i]!] === 0) {
      isBlank = 0;
      break;
    }
  }
  frame.blank[slot] = isBlank;
  if (step.numberFn) frame.num[slot] = isBlank ? 0 : step.numberFn(frame);
  else frame.text[slot] = isBlank ? '' : step.stringFn!(frame);
}

function loadPeriod(
  program: AuditProgram,
  frame: Frame,
  period: PeriodIndex,
  values: FilingValues | undefined,
): void {
  const { space } = program;
  const base = period * space.cellCount;
  const { num, blank, notNumber } = frame;
  for (const layout of space.inputs) {
    const record = values?.[layout.formId];
    if (!record) {
      frame.clear(base + layout.start, base + layout.end);
      continue;
    }
    // Every typed cell is written (blank when absent) and every computed one derived: no clearing needed.
    // Unknown keys are the interchange parser's business; values typed into computed cells are ignored.
    const { keys, cellIndexes, isNumeric } = layout;
    for (let i = 0; i < keys.length; i++) {
      const slot = base + cellIndexes[i]!;
      const value = record[keys[i]!];
      if (isNumeric[i] === 1 && typeof value === 'number' && Number.isFinite(value)) {
        num[slot] = value;
        blank[slot] = 0;
        notNumber[slot] = 0;
      } else {
        writeCell(frame, slot, isNumeric[i] === 1, value);
      }
    }
  }
  for (const step of program.derivation[period]!) runStep(frame, step);
}

function isJanuary(period: string | undefined): boolean {
  return period !== undefined && /^\d{4}-01$/.test(period);
}

/** Loads a filing and its context periods into a frame and derives the computed cells of each. */
export function loadFiling(program: AuditProgram, frame: Frame, input: AuditInput): void {
  loadPeriod(program, frame, CURRENT, input.values);
  loadPeriod(program, frame, PREVIOUS, isJanuary(input.period) ? undefined : input.previousPeriod);
  loadPeriod(program, frame, LAST_YEAR, input.samePeriodLastYear);
}

/** Runs one rule instance; a finding (with its message built now) when it applies and fails, else null. */
export function evaluateInstance(instance: RuleInstance, frame: Frame): Finding | null {
  if (instance.when !== undefined && !instance.when(frame)) return null;
  if (instance.check(frame)) return null;
  const { rule } = instance;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    message: instance.message(frame),
    cells: instance.cells,
  };
}

/** The current period of a frame, kept after the frame is reused. */
export interface CapturedPeriod {
  /** By cell index; NaN for a blank numeric cell (an array of plain doubles copies fastest). */
  numbers: number[];
  text: string[];
}

/** Copies the current period out of a frame. */
export function captureCurrent(program: AuditProgram, frame: Frame): CapturedPeriod {
  const { cellCount } = program.space;
  const numbers = new Array<number>(cellCount);
  for (let i = 0; i < cellCount; i++) numbers[i] = frame.blank[i] === 1 ? NaN : frame.num[i]!;
  return { numbers, text: frame.text.slice(0, cellCount) };
}

/** FilingValues of the given forms from a captured period: every cell, null where blank. */
export function snapshotForms(
  program: AuditProgram,
  current: CapturedPeriod,
  formIds: Iterable<FormId>,
): FilingValues {
  const { indexByForm, isNumeric } = program.space;
  const result: FilingValues = {};
  for (const formId of formIds) {
    const index = indexByForm.get(formId);
    if (!index) continue;
    const record: Record<string, CellValue> = {};
    for (const [key, cellIndex] of index) {
      const value = isNumeric[cellIndex] ? current.numbers[cellIndex]! : current.text[cellIndex]!;
      record[key] = value === '' || Number.isNaN(value) ? null : value;
    }
    result[formId] = record;
  }
  return result;
}

/** Forms of the program that the values contain. */
export function presentForms(program: AuditProgram, values: FilingValues): FormId[] {
  return program.space.forms.filter((form) => values[form.id] !== undefined).map((form) => form.id);
}
