import type { CellComparison } from '@zhibao/contracts';
import type { CellDefinition } from '@zhibao/survey';
import type { CellValues } from '../db/schema.ts';

type CellValue = number | string | null;

/** One cell whose value a write changed; null stands for a blank cell. */
export interface ValueChange {
  formId: string;
  key: string;
  before: CellValue;
  after: CellValue;
}

const valueOf = (values: CellValues | null | undefined, formId: string, key: string): CellValue => {
  const value = values?.[formId]?.[key];
  return value === undefined || value === '' ? null : value;
};

/**
 * The cells that differ between what a filing held and what a write puts in it, form by form in the order the
 * write has them (cells the write blanked come after). A blank cell and an absent one are the same.
 */
export function diffCellValues(before: CellValues | null | undefined, after: CellValues): ValueChange[] {
  const changes: ValueChange[] = [];
  const seen = new Set<string>();
  for (const values of [after, before ?? {}]) {
    for (const [formId, cells] of Object.entries(values)) {
      for (const key of Object.keys(cells ?? {})) {
        const id = `${formId}.${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const old = valueOf(before, formId, key);
        const now = valueOf(after, formId, key);
        if (old !== now) changes.push({ formId, key, before: old, after: now });
      }
    }
  }
  return changes;
}

/** Every cell either version holds, in form order, with its labels and whether (and by how much) it changed. */
export function compareCellValues(
  cells: Map<string, CellDefinition>,
  before: CellValues,
  after: CellValues,
): CellComparison[] {
  const compared: CellComparison[] = [];
  for (const cell of cells.values()) {
    const old = valueOf(before, cell.formId, cell.key);
    const now = valueOf(after, cell.formId, cell.key);
    if (old === null && now === null) continue;
    compared.push({
      formId: cell.formId,
      key: cell.key,
      label: cell.label,
      name: cell.name,
      unit: cell.unit,
      before: old,
      after: now,
      isChanged: old !== now,
      // Rounded to the cent: decimals subtract with float noise (0.30000000000000004).
      difference:
        typeof old === 'number' && typeof now === 'number' ? Math.round((now - old) * 100) / 100 : null,
    });
  }
  return compared;
}
