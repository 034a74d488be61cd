import { listCells } from '../definitions/form-cells.ts';
import type { CellDefinition, FormDefinition, FormId } from '../definitions/survey.types.ts';

/** The three value sets a rule can read: this filing, the previous period, the same period last year. */
export const PERIOD_COUNT = 3;
export type PeriodIndex = 0 | 1 | 2;
export const CURRENT: PeriodIndex = 0;
export const PREVIOUS: PeriodIndex = 1;
export const LAST_YEAR: PeriodIndex = 2;

/**
 * Values of every cell of every period in flat arrays, so compiled rules read a slot instead of looking up
 * keys. A blank numeric cell holds 0 in `num` and 1 in `blank`; a blank text cell holds ''. A numeric cell
 * typed with something that is not a finite number (NaN, Infinity, 'abc') counts as blank for every rule
 * and is marked in `notNumber`, so that the plausibility rule alone reports it.
 */
export class Frame {
  readonly num: Float64Array;
  readonly blank: Uint8Array;
  readonly notNumber: Uint8Array;
  readonly text: string[];

  constructor(size: number) {
    this.num = new Float64Array(size);
    this.blank = new Uint8Array(size).fill(1);
    this.notNumber = new Uint8Array(size);
    this.text = new Array<string>(size).fill('');
  }

  /** Blanks the slots start … end − 1. */
  clear(start: number, end: number): void {
    this.num.fill(0, start, end);
    this.blank.fill(1, start, end);
    this.notNumber.fill(0, start, end);
    this.text.fill('', start, end);
  }
}

/** A form's typed cells in parallel arrays, so loading a filing reads each key once without a lookup table. */
export interface InputLayout {
  formId: FormId;
  /** The form's cells are the contiguous indexes start … end − 1. */
  start: number;
  end: number;
  keys: string[];
  cellIndexes: Int32Array;
  isNumeric: Uint8Array;
}

/** The cells of the forms of one period type, numbered so that slot = period × cellCount + cell index. */
export interface CellSpace {
  forms: FormDefinition[];
  inputs: InputLayout[];
  formById: Map<FormId, FormDefinition>;
  cells: CellDefinition[];
  cellCount: number;
  indexByForm: Map<FormId, Map<string, number>>;
  /** Cell indexes of each form's part children and 其中 children. */
  parts: number[][];
  ofWhich: number[][];
  isNumeric: boolean[];
}

/** True for cells that hold numbers (amounts, counts, ratios). */
export function isNumericCell(cell: CellDefinition): boolean {
  return cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';
}

/** Numbers the cells of the given forms. */
export function buildCellSpace(forms: FormDefinition[]): CellSpace {
  const cells: CellDefinition[] = [];
  const indexByForm = new Map<FormId, Map<string, number>>();
  const inputs: InputLayout[] = [];
  for (const form of forms) {
    const index = new Map<string, number>();
    const start = cells.length;
    for (const cell of listCells(form)) {
      index.set(cell.key, cells.length);
      cells.push(cell);
    }
    indexByForm.set(form.id, index);
    const typed = [...index].filter(([, cellIndex]) => !cells[cellIndex]!.isComputed);
    inputs.push({
      formId: form.id,
      start,
      end: cells.length,
      keys: typed.map(([key]) => key),
      cellIndexes: Int32Array.from(typed.map(([, cellIndex]) => cellIndex)),
      isNumeric: Uint8Array.from(typed.map(([, cellIndex]) => (isNumericCell(cells[cellIndex]!) ? 1 : 0))),
    });
  }
  const parts = cells.map((): number[] => []);
  const ofWhich = cells.map((): number[] => []);
  cells.forEach((cell, i) => {
    if (cell.parentKey === undefined) return;
    const parent = indexByForm.get(cell.formId)!.get(cell.parentKey);
    if (parent === undefined) throw new Error(`${cell.formId}!${cell.key}: unknown parent ${cell.parentKey}`);
    (cell.relation === 'ofWhich' ? ofWhich : parts)[parent]!.push(i);
  });
  return {
    forms,
    inputs,
    formById: new Map(forms.map((form) => [form.id, form])),
    cells,
    cellCount: cells.length,
    indexByForm,
    parts,
    ofWhich,
    isNumeric: cells.map(isNumericCell),
  };
}
