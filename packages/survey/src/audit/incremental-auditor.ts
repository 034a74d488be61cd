import type { CellRef, CellValue, FilingValues, FormId, SurveyEdition } from '../definitions/survey.types.ts';
import { Frame } from '../rules/cell-space.ts';
import { auditProgramFor, type ComputedStep } from '../rules/rule-program.ts';
import type { AuditInput, Finding } from './audit.types.ts';
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

export interface CellUpdate {
  /** All findings after the edit, in the same order auditFiling gives them. */
  findings: readonly Finding[];
  /** The edited cell and every computed cell whose value the edit changed. */
  changedCells: CellRef[];
}

/** A filing being edited: each edit re-derives and re-audits only what depends on the edited cell. */
export interface IncrementalAuditor {
  readonly findings: readonly Finding[];
  /** Sets a typed cell (null blanks it); throws for unknown or computed cells. */
  setCell(formId: FormId, key: string, value: CellValue): CellUpdate;
  /** The current value of a cell, computed cells included. */
  getValue(formId: FormId, key: string): CellValue;
  /** The filed forms with computed cells, as auditFiling's `derived`. */
  values(): FilingValues;
}

/** What an edit of one input cell touches: computed cells in derivation order and rule instances. */
interface Plan {
  steps: ComputedStep[];
  instances: Int32Array;
}

/** Starts an incremental audit of a filing; the context periods stay fixed for its lifetime. */
export function createIncrementalAuditor(edition: SurveyEdition, input: AuditInput): IncrementalAuditor {
  const program = auditProgramFor(edition, input.periodType);
  const { space, instances } = program;
  const frame = new Frame(program.frameSize);
  loadFiling(program, frame, input);
  const results = instances.map((instance) => evaluateInstance(instance, frame));
  let findings = results.filter((finding) => finding !== null);
  const forms = new Set(presentForms(program, input.values));

  const instancesBySlot = new Map<number, number[]>();
  instances.forEach((instance, i) => {
    for (const slot of instance.dependencies) {
      let list = instancesBySlot.get(slot);
      if (!list) instancesBySlot.set(slot, (list = []));
      list.push(i);
    }
  });
  const currentSteps = program.derivation[0]!;
  const stepsByInput = new Map<number, number[]>();
  currentSteps.forEach((step, i) => {
    for (const slot of step.inputs) {
      let list = stepsByInput.get(slot);
      if (!list) stepsByInput.set(slot, (list = []));
      list.push(i);
    }
  });

  const plans = new Map<number, Plan>();
  const planFor = (slot: number): Plan => {
    let plan = plans.get(slot);
    if (plan) return plan;
    const stepIndexes = new Set<number>();
    const pending = [slot];
    const touched = new Set<number>([slot]);
    while (pending.length > 0) {
      for (const stepIndex of stepsByInput.get(pending.pop()!) ?? []) {
        if (stepIndexes.has(stepIndex)) continue;
        stepIndexes.add(stepIndex);
        const computedSlot = currentSteps[stepIndex]!.slot;
        touched.add(computedSlot);
        pending.push(computedSlot);
      }
    }
    const affected = new Set<number>();
    for (const touchedSlot of touched)
      for (const i of instancesBySlot.get(touchedSlot) ?? []) affected.add(i);
    plan = {
      steps: [...stepIndexes].sort((a, b) => a - b).map((i) => currentSteps[i]!),
      instances: Int32Array.from([...affected].sort((a, b) => a - b)),
    };
    plans.set(slot, plan);
    return plan;
  };

  const cellIndexOf = (formId: FormId, key: string): number => {
    const cellIndex = space.indexByForm.get(formId)?.get(key);
    if (cellIndex === undefined) throw new Error(`未知的单元格 ${formId}!${key}`);
    return cellIndex;
  };

  return {
    get findings() {
      return findings;
    },
    setCell(formId, key, value) {
      const slot = cellIndexOf(formId, key);
      const cell = space.cells[slot]!;
      if (cell.isComputed) throw new Error(`${cell.name}(${key})为自动计算项,不能填报`);
      forms.add(formId);
      writeCell(frame, slot, space.isNumeric[slot]!, value);
      const changedCells: CellRef[] = [{ formId, key }];
      const plan = planFor(slot);
      for (const step of plan.steps) {
        const isNumeric = space.isNumeric[step.cellIndex]!;
        const before = readCell(frame, step.slot, isNumeric);
        runStep(frame, step);
        if (!Object.is(before, readCell(frame, step.slot, isNumeric))) {
          const changed = space.cells[step.cellIndex]!;
          changedCells.push({ formId: changed.formId, key: changed.key });
        }
      }
      for (const i of plan.instances) results[i] = evaluateInstance(instances[i]!, frame);
      findings = results.filter((finding) => finding !== null);
      return { findings, changedCells };
    },
    getValue(formId, key) {
      const cellIndex = cellIndexOf(formId, key);
      return readCell(frame, cellIndex, space.isNumeric[cellIndex]!);
    },
    values() {
      const formIds = program.space.forms.map((form) => form.id).filter((id) => forms.has(id));
      return snapshotForms(program, captureCurrent(program, frame), formIds);
    },
  };
}
