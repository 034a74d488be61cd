import type { CellValue, FilingValues, FormId } from '@zhibao/survey';

/** One typed cell of a filing, addressed as the forms address it. */
export interface CellAddress {
  formId: FormId;
  key: string;
}

/** A cell both the filer and someone else changed from the same base, to different values. */
export interface CellConflict extends CellAddress {
  base: CellValue;
  mine: CellValue;
  theirs: CellValue;
}

export function cellValueOf(values: FilingValues, formId: FormId, key: string): CellValue {
  return values[formId]?.[key] ?? null;
}

/** Writes one cell in place; a blank cell is left out, as the server stores it. */
export function writeCell(values: FilingValues, formId: FormId, key: string, value: CellValue): void {
  const cells = (values[formId] ??= {});
  if (value === null) delete cells[key];
  else cells[key] = value;
}

export function copyValues(values: FilingValues): FilingValues {
  return JSON.parse(JSON.stringify(values)) as FilingValues;
}

/** The cells whose values differ between two versions of a filing. */
export function changedCells(from: FilingValues, to: FilingValues): CellAddress[] {
  const changed: CellAddress[] = [];
  const formIds = new Set([...Object.keys(from), ...Object.keys(to)]) as Set<FormId>;
  for (const formId of formIds) {
    const keys = new Set([...Object.keys(from[formId] ?? {}), ...Object.keys(to[formId] ?? {})]);
    for (const key of keys) {
      if (cellValueOf(from, formId, key) !== cellValueOf(to, formId, key)) changed.push({ formId, key });
    }
  }
  return changed;
}

/**
 * Merges the filer's values with a newer server version cell by cell against the base both started from: a
 * cell only one side changed takes that side's value; a cell both changed to the same value is no conflict; a
 * cell both changed differently is a conflict and keeps the filer's value until they choose.
 */
export function mergeCells(
  base: FilingValues,
  mine: FilingValues,
  theirs: FilingValues,
): { merged: FilingValues; takenFromTheirs: CellAddress[]; conflicts: CellConflict[] } {
  const merged = copyValues(mine);
  const takenFromTheirs: CellAddress[] = [];
  const conflicts: CellConflict[] = [];
  const mineChanged = new Set(changedCells(base, mine).map(({ formId, key }) => `${formId}.${key}`));
  for (const { formId, key } of changedCells(base, theirs)) {
    const theirValue = cellValueOf(theirs, formId, key);
    const myValue = cellValueOf(mine, formId, key);
    if (!mineChanged.has(`${formId}.${key}`)) {
      writeCell(merged, formId, key, theirValue);
      takenFromTheirs.push({ formId, key });
    } else if (myValue !== theirValue) {
      conflicts.push({
        formId,
        key,
        base: cellValueOf(base, formId, key),
        mine: myValue,
        theirs: theirValue,
      });
    }
  }
  return { merged, takenFromTheirs, conflicts };
}
