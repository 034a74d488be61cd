import type {
  CellDefinition,
  FormDefinition,
  GridRowDefinition,
  IndicatorDefinition,
} from './survey.types.ts';

const cache = new WeakMap<FormDefinition, CellDefinition[]>();

/** Key of a grid cell in FilingValues. */
export function gridCellKey(rowNo: string, columnCode: string): string {
  return `${rowNo}:${columnCode}`;
}

/** The row name without its 其中 prefix, numbering and * marker, as messages quote it. */
function plainName(name: string): string {
  return name.replace(/^(?:其中: ?)?\*?(?:\d+(?:-\d+)?[. ])?/, '');
}

function indicatorCell(form: FormDefinition, row: IndicatorDefinition): CellDefinition {
  return {
    formId: form.id,
    key: row.code,
    label: row.code,
    name: plainName(row.name),
    unit: row.unit,
    type: row.type,
    isComputed: row.isComputed,
    formula: row.formula,
    parentKey: row.parentCode,
    relation: row.relation,
    allowsNegative: row.allowsNegative ?? false,
    isRequired: row.isRequired ?? false,
    isFlow: row.isFlow ?? false,
    codeList: row.codeList,
    validator: row.validator,
  };
}

function gridCells(form: FormDefinition, rows: GridRowDefinition[]): CellDefinition[] {
  const grid = form.grid!;
  const rowsByNo = new Map(rows.map((row) => [row.rowNo, row]));
  const cells: CellDefinition[] = [];
  for (const row of rows) {
    for (const column of grid.columns) {
      if (!row.columns.includes(column.code)) continue;
      const key = gridCellKey(row.rowNo, column.code);
      const parent = row.parentRowNo === undefined ? undefined : rowsByNo.get(row.parentRowNo);
      const parentKey = parent?.columns.includes(column.code)
        ? gridCellKey(parent.rowNo, column.code)
        : undefined;
      cells.push({
        formId: form.id,
        key,
        label: row.rowNo === 'total' ? '合计' : row.rowNo,
        name: `${row.name}·${column.shortName}`,
        unit: column.unit,
        type: 'amount',
        isComputed: row.isComputed,
        formula: row.isComputed ? `SUM(PARTS([${key}]))` : undefined,
        parentKey,
        relation: parentKey === undefined ? undefined : 'part',
        allowsNegative: false,
        isRequired: false,
        isFlow: false,
      });
    }
  }
  return cells;
}

/** Every value cell of a form in display order, grid cells flattened row by row. */
export function listCells(form: FormDefinition): CellDefinition[] {
  let cells = cache.get(form);
  if (!cells) {
    cells = form.grid
      ? gridCells(form, form.grid.rows)
      : form.rows.flatMap((row) => (row.kind === 'indicator' ? [indicatorCell(form, row)] : []));
    cache.set(form, cells);
  }
  return cells;
}
