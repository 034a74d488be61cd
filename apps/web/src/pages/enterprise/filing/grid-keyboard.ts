import type { KeyboardEvent } from 'react';

/**
 * Moving about a filing table by keyboard, as in a spreadsheet. Every value cell a person can read or type in
 * carries `data-grid-col` (its value column); typed cells also carry `data-cell-input`, and a cell being edited
 * `data-editing`. The arrow keys go to the cell above, below, left or right (Left and Right move the caret
 * instead while a cell is edited); Enter in an edited cell goes down to the next cell one can type in.
 */
export type GridDirection = 'up' | 'down' | 'left' | 'right';

const arrows: Record<string, GridDirection> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};

/** The cell next to `from` in a direction, or null at the table's edge; `typedOnly` passes over read-only cells. */
export function neighbourCell(
  from: HTMLElement,
  direction: GridDirection,
  typedOnly = false,
): HTMLElement | null {
  const row = from.closest('tr');
  const body = from.closest('tbody');
  if (!row || !body) return null;
  const accepts = (cell: Element | null): cell is HTMLElement =>
    cell instanceof HTMLElement && (!typedOnly || cell.hasAttribute('data-cell-input'));
  if (direction === 'left' || direction === 'right') {
    const cells = [...row.querySelectorAll('[data-grid-col]')].filter(accepts);
    return cells[cells.indexOf(from) + (direction === 'right' ? 1 : -1)] ?? null;
  }
  const rows = [...body.rows];
  const column = from.dataset.gridCol;
  const step = direction === 'down' ? 1 : -1;
  for (let index = rows.indexOf(row) + step; index >= 0 && index < rows.length; index += step) {
    const cell = rows[index]!.querySelector(`[data-grid-col="${column}"]`);
    if (accepts(cell)) return cell;
  }
  return null;
}

/** Focuses a cell with its content selected, so that typing replaces it. */
export function focusGridCell(cell: HTMLElement): void {
  cell.focus();
  if (cell instanceof HTMLInputElement) cell.select();
}

/** The table's arrow keys: one handler for all its cells (a cell handles Enter, F2 and Esc itself). */
export function onGridKeyDown(event: KeyboardEvent<HTMLTableElement>): void {
  const direction = arrows[event.key];
  if (!direction || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (!(target instanceof HTMLElement) || !target.hasAttribute('data-grid-col')) return;
  if ((direction === 'left' || direction === 'right') && target.hasAttribute('data-editing')) return;
  event.preventDefault();
  const next = neighbourCell(target, direction);
  if (next) focusGridCell(next);
}
