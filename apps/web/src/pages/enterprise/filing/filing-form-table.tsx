import {
  gridCellKey,
  listCells,
  type CellDefinition,
  type CellValue,
  type CodeList,
  type Finding,
  type FormDefinition,
  type FormId,
  type MonthlyComparisonRow,
} from '@zhibao/survey';
import type { PrefillSource } from '@zhibao/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../format/number-format';
import { formatNumber, ShownValue, ValueCell, type CellPlace } from './filing-cells';
import { onGridKeyDown } from './grid-keyboard';

export interface FormTableProps {
  form: FormDefinition;
  codeLists: ReadonlyMap<string, CodeList>;
  getValue: (formId: FormId, key: string) => CellValue;
  onChange: (formId: FormId, key: string, value: CellValue) => void;
  /** Text typed into a number cell that is not a number (`null` once corrected); the cell keeps its value. */
  onInvalidInput?: (formId: FormId, key: string, text: string | null) => void;
  isReadOnly: boolean;
  /** The findings of each cell (`formId.key`), worst first: to mark the cell and to read out with it. */
  cellFindings: ReadonlyMap<string, readonly Finding[]>;
  /** Reviewer comments by `formId.key`, shown on a returned filing. */
  cellComments: ReadonlyMap<string, string>;
  /** Monthly form only: 去年同期 / 上期 / 同比 / 环比 by indicator code. */
  comparison?: Record<string, MonthlyComparisonRow>;
  /** Cells holding a proposal (名录库 / 上年报表) the filer has neither confirmed nor edited, by `formId.key`. */
  prefilled?: ReadonlyMap<string, PrefillSource>;
}

/** What a screen reader calls a cell: 指标名称 · 列名（代码，单位）. */
function cellName(
  t: TFunction,
  parts: { row: string; column: string; code: string; unit: string | null | undefined },
): string {
  return parts.unit
    ? t('filing.cellNameWithUnit', { ...parts, unit: parts.unit })
    : t('filing.cellName', parts);
}

/** A cell's place in the table and what is said of it besides its name and value. */
function placeOf(
  t: TFunction,
  props: FormTableProps,
  cell: CellDefinition,
  column: number,
  name: string,
): CellPlace {
  const path = `${cell.formId}.${cell.key}`;
  const findings = props.cellFindings.get(path) ?? [];
  const comment = props.cellComments.get(path);
  const prefill = props.isReadOnly ? undefined : props.prefilled?.get(path);
  const said = [
    ...findings.map((finding) =>
      t('filing.cellFinding', {
        severity: t(`adminWork.review.severity.${finding.severity}`),
        message: finding.message,
      }),
    ),
    comment ? t('filing.cellComment', { comment }) : '',
    prefill ? t(`filing.prefill.from.${prefill}`) : '',
  ].filter(Boolean);
  return {
    cell,
    column,
    name,
    severity: findings[0]?.severity,
    announcement: {
      description: said.length > 0 ? said.join(t('filing.cellFindingSeparator')) : undefined,
      hasError: findings.some((finding) => finding.severity === 'error'),
    },
  };
}

function growthText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : formatMoney(value);
}

/** The shown value of a context column of the monthly form (去年同期, 上期, 同比, 环比). */
function contextText(cell: CellDefinition, columnId: string, compared: MonthlyComparisonRow | undefined) {
  if (columnId === 'samePeriodLastYear') return formatNumber(cell, compared?.samePeriodLastYear);
  if (columnId === 'previousPeriod') return formatNumber(cell, compared?.previousPeriod);
  if (columnId === 'yearOnYear') return growthText(compared?.yearOnYear);
  if (columnId === 'periodOnPeriod') return growthText(compared?.periodOnPeriod);
  return '';
}

const tableAttributes = (form: FormDefinition) => ({
  className: 'filing-table',
  'data-form': form.id,
  'aria-labelledby': `form-title-${form.id}`,
  'aria-describedby': 'filing-keyboard-hint',
  onKeyDown: onGridKeyDown,
});

/** An indicator form as the official table lays it out: 指标名称, 代码, 计量单位, then its value columns. */
function IndicatorFormTable(props: FormTableProps) {
  const { form, comparison } = props;
  const { t } = useTranslation();
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  const width = form.labelColumns.length + form.columns.length;
  return (
    <table {...tableAttributes(form)}>
      <thead>
        <tr>
          {form.labelColumns.map((label) => (
            <th key={label} className={label === '指标名称' ? 'filing-th-name' : 'filing-th-label'}>
              {label}
            </th>
          ))}
          {form.columns.map((column) => (
            <th key={column.id} className="filing-th-value">
              {column.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {form.rows.map((row) => {
          if (row.kind === 'section') {
            return (
              <tr key={`section:${row.name}`} className="filing-section-row">
                <td colSpan={width} style={{ paddingLeft: 8 + row.level * 16 }}>
                  {row.name}
                </td>
              </tr>
            );
          }
          const cell = cells.get(row.code)!;
          const code = t('filing.cellCode', { code: row.code });
          return (
            <tr key={row.code} data-row={row.code}>
              {form.labelColumns.map((label) => (
                <td
                  key={label}
                  className={label === '指标名称' ? 'filing-td-name' : 'filing-td-label'}
                  style={label === '指标名称' ? { paddingLeft: 8 + row.level * 16 } : undefined}
                >
                  {label === '代码' ? row.code : label === '计量单位' ? (row.unit ?? '') : row.name}
                </td>
              ))}
              {form.columns.map((column, index) => {
                // 同比 and 环比 are percentages whatever the indicator's unit; their heading says so.
                const unit = column.source === 'computed' ? null : row.unit;
                const name = cellName(t, { row: cell.name, column: column.name, code, unit });
                if (column.source === 'typed') {
                  return (
                    <ValueCell
                      key={column.id}
                      place={placeOf(t, props, cell, index, name)}
                      value={props.getValue(form.id, cell.key)}
                      onChange={props.onChange}
                      onInvalidInput={props.onInvalidInput}
                      isReadOnly={props.isReadOnly}
                      codeList={cell.codeList ? props.codeLists.get(cell.codeList) : undefined}
                      comment={props.cellComments.get(`${form.id}.${cell.key}`)}
                      prefillSource={props.prefilled?.get(`${form.id}.${cell.key}`)}
                    />
                  );
                }
                return (
                  <td key={column.id} className="filing-td-value filing-td-context">
                    <ShownValue
                      column={index}
                      name={name}
                      text={contextText(cell, column.id, comparison?.[row.code])}
                      className="filing-value"
                      testId={`${column.id}-${form.id}.${row.code}`}
                    />
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A grid form (软件业务收入分类表): numbered rows × value columns; cells a row lacks are greyed out. */
function GridFormTable(props: FormTableProps) {
  const { form } = props;
  const { t } = useTranslation();
  const grid = form.grid!;
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  return (
    <table {...tableAttributes(form)}>
      <thead>
        <tr>
          {form.labelColumns.map((label) => (
            <th key={label} className={label === '业务类别' ? 'filing-th-name' : 'filing-th-label'}>
              {label}
            </th>
          ))}
          {grid.columns.map((column) => (
            <th key={column.code} className="filing-th-value">
              {column.name}({column.unit})
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.rows.map((row) => (
          <tr key={row.rowNo} data-row={row.rowNo}>
            <td className="filing-td-label">{row.rowNo === 'total' ? '合计' : row.rowNo}</td>
            <td className="filing-td-name" style={{ paddingLeft: 8 + row.level * 16 }}>
              {row.name}
            </td>
            {grid.columns.map((column, index) => {
              const key = gridCellKey(row.rowNo, column.code);
              const cell = cells.get(key);
              if (!cell) return <td key={column.code} className="filing-td-absent" />;
              const name = cellName(t, {
                row: row.name,
                column: column.name,
                code: t('filing.cellRowNo', { rowNo: cell.label }),
                unit: column.unit,
              });
              return (
                <ValueCell
                  key={column.code}
                  place={placeOf(t, props, cell, index, name)}
                  value={props.getValue(form.id, key)}
                  onChange={props.onChange}
                  onInvalidInput={props.onInvalidInput}
                  isReadOnly={props.isReadOnly}
                  codeList={undefined}
                  comment={props.cellComments.get(`${form.id}.${key}`)}
                />
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One form of the survey, laid out like the official table, moved about by keyboard as a spreadsheet is. */
export function FilingFormTable(props: FormTableProps) {
  const { form } = props;
  const { t } = useTranslation();
  return (
    <div className="filing-form">
      <div className="filing-form-title" id={`form-title-${form.id}`}>
        {form.name}
      </div>
      <div className="filing-form-meta">
        <span>{t('filing.tableNoLabel', { tableNo: form.tableNo })}</span>
        <span>{form.unitNote}</span>
      </div>
      <div className="filing-table-scroll">
        {form.grid ? <GridFormTable {...props} /> : <IndicatorFormTable {...props} />}
      </div>
    </div>
  );
}
