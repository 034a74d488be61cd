import {
  gridCellKey,
  listCells,
  type CellDefinition,
  type CellValue,
  type CodeList,
  type FormDefinition,
  type FormId,
  type MonthlyComparisonRow,
  type Severity,
} from '@zhibao/survey';
import type { PrefillSource } from '@zhibao/contracts';
import { Tooltip } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatMoney } from '../../../format/number-format';
import { parseCellInput } from './cell-input-value';
import { cellDomId } from './cell-dom-id';

export interface FormTableProps {
  form: FormDefinition;
  codeLists: ReadonlyMap<string, CodeList>;
  getValue: (formId: FormId, key: string) => CellValue;
  onChange: (formId: FormId, key: string, value: CellValue) => void;
  /** Text typed into a number cell that is not a number (`null` once corrected); the cell keeps its value. */
  onInvalidInput?: (formId: FormId, key: string, text: string | null) => void;
  isReadOnly: boolean;
  /** The worst finding severity of each cell (`formId.key`), to mark it. */
  cellSeverity: ReadonlyMap<string, Severity>;
  /** Reviewer comments by `formId.key`, shown on a returned filing. */
  cellComments: ReadonlyMap<string, string>;
  /** Monthly form only: 去年同期 / 上期 / 同比 / 环比 by indicator code. */
  comparison?: Record<string, MonthlyComparisonRow>;
  /** Cells holding a proposal (名录库 / 上年报表) the filer has neither confirmed nor edited, by `formId.key`. */
  prefilled?: ReadonlyMap<string, PrefillSource>;
}

const isNumeric = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

function formatNumber(cell: Pick<CellDefinition, 'type'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return cell.type === 'count' ? formatCount(value) : formatMoney(value);
}

/** Moves focus to the next or previous input of the form, as Enter and the arrow keys do on paper-like grids. */
function moveFocus(from: HTMLElement, step: 1 | -1): void {
  const table = from.closest('.filing-table');
  if (!table) return;
  const inputs = [...table.querySelectorAll<HTMLElement>('[data-cell-input]')];
  const next = inputs[inputs.indexOf(from) + step];
  if (next) {
    next.focus();
    if (next instanceof HTMLInputElement) next.select();
  }
}

function onNavigationKey(event: KeyboardEvent<HTMLElement>) {
  if (event.key === 'Enter' || event.key === 'ArrowDown') {
    event.preventDefault();
    moveFocus(event.currentTarget, event.shiftKey ? -1 : 1);
  } else if (event.key === 'ArrowUp') {
    event.preventDefault();
    moveFocus(event.currentTarget, -1);
  }
}

/**
 * A number cell: thousands separators while reading, the plain number while typing; live on every keystroke.
 * Text that is not a number stays shown and marked with the reason, and the cell keeps the value it held
 * before the edit began until the text is corrected: a stray letter never empties a filled cell.
 */
function NumberCell({
  cell,
  value,
  onChange,
  onInvalidInput,
  severity,
  label,
}: {
  cell: CellDefinition;
  value: CellValue;
  onChange: (value: CellValue) => void;
  onInvalidInput: (text: string | null) => void;
  severity: Severity | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  // The value the cell held when this edit began: what an invalid text falls back to.
  const [valueBeforeEdit, setValueBeforeEdit] = useState<CellValue>(value);
  const isInvalid = draft !== null && parseCellInput(draft).kind === 'invalid';
  const shown = draft ?? (typeof value === 'number' ? formatNumber(cell, value) : (value ?? ''));
  const reasonId = `${cellDomId(cell.formId, cell.key)}-invalid`;
  const reason = isInvalid
    ? t('filing.invalidNumber', {
        typed: draft,
        kept: typeof value === 'number' ? formatNumber(cell, value) : t('filing.blank'),
      })
    : undefined;
  return (
    <>
      <input
        id={cellDomId(cell.formId, cell.key)}
        data-cell-input=""
        aria-label={label}
        aria-invalid={isInvalid || undefined}
        aria-describedby={isInvalid ? reasonId : undefined}
        title={reason}
        className={`filing-input filing-input-number${severity ? ` cell-${severity}` : ''}${isInvalid ? ' cell-invalid' : ''}`}
        inputMode="decimal"
        autoComplete="off"
        value={shown}
        onFocus={(event) => {
          setValueBeforeEdit(value);
          // Show the plain number and select it at once, so typing replaces it rather than appending
          // to a value React would otherwise swap in after the selection. Invalid text stays as typed.
          const raw = isInvalid ? draft : typeof value === 'number' ? String(value) : (value ?? '');
          event.currentTarget.value = raw;
          event.currentTarget.select();
          setDraft(raw);
        }}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const parsed = parseCellInput(text);
          if (parsed.kind === 'invalid') {
            // Keystrokes on the way (the 12 of 12a3) may have changed the value: back to the one before.
            if (value !== valueBeforeEdit) onChange(valueBeforeEdit);
            onInvalidInput(text);
            return;
          }
          onInvalidInput(null);
          onChange(parsed.kind === 'number' ? parsed.value : null);
        }}
        onBlur={() => {
          if (!isInvalid) setDraft(null);
        }}
        onKeyDown={onNavigationKey}
      />
      {reason ? (
        <div id={reasonId} className="cell-invalid-reason" role="alert">
          {reason}
        </div>
      ) : null}
    </>
  );
}

function TextCell({
  cell,
  value,
  onChange,
  severity,
  codeList,
  label,
}: {
  cell: CellDefinition;
  value: CellValue;
  onChange: (value: CellValue) => void;
  severity: Severity | undefined;
  codeList: CodeList | undefined;
  label: string;
}) {
  const { t } = useTranslation();
  const className = `filing-input${severity ? ` cell-${severity}` : ''}`;
  if (codeList && !codeList.pattern) {
    return (
      <select
        id={cellDomId(cell.formId, cell.key)}
        data-cell-input=""
        aria-label={label}
        className={className}
        value={value === null ? '' : String(value)}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onNavigationKey(event);
        }}
      >
        <option value="">{t('filing.choose')}</option>
        {codeList.entries.map((entry) => (
          <option key={entry.code} value={entry.code}>
            {entry.code} {entry.label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={cellDomId(cell.formId, cell.key)}
      data-cell-input=""
      aria-label={label}
      className={className}
      autoComplete="off"
      value={value === null ? '' : String(value)}
      onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      onKeyDown={onNavigationKey}
    />
  );
}

/** A computed or read-only value: focusable from the audit panel, never editable. */
function ShownValue({
  cell,
  value,
  severity,
  isComputed,
}: {
  cell: CellDefinition;
  value: CellValue;
  severity: Severity | undefined;
  isComputed: boolean;
}) {
  const text = typeof value === 'number' ? formatNumber(cell, value) : (value ?? '');
  return (
    <span
      id={cellDomId(cell.formId, cell.key)}
      tabIndex={-1}
      className={`filing-value${isComputed ? ' filing-computed' : ''}${severity ? ` cell-${severity}` : ''}`}
      data-testid={`value-${cell.formId}.${cell.key}`}
    >
      {text}
    </span>
  );
}

function ValueCell(props: {
  cell: CellDefinition;
  formId: FormId;
  getValue: FormTableProps['getValue'];
  onChange: FormTableProps['onChange'];
  onInvalidInput: FormTableProps['onInvalidInput'];
  isReadOnly: boolean;
  severity: Severity | undefined;
  codeLists: FormTableProps['codeLists'];
  comment: string | undefined;
  prefillSource?: PrefillSource | undefined;
}) {
  const { cell, formId, getValue, onChange, onInvalidInput, isReadOnly, severity, codeLists, comment } =
    props;
  const { t } = useTranslation();
  const value = getValue(formId, cell.key);
  const label = `${cell.label} ${cell.name}`;
  const content =
    isReadOnly || cell.isComputed ? (
      <ShownValue cell={cell} value={value} severity={severity} isComputed={cell.isComputed} />
    ) : isNumeric(cell) ? (
      <NumberCell
        cell={cell}
        value={value}
        severity={severity}
        label={label}
        onChange={(next) => onChange(formId, cell.key, next)}
        onInvalidInput={(text) => onInvalidInput?.(formId, cell.key, text)}
      />
    ) : (
      <TextCell
        cell={cell}
        value={value}
        severity={severity}
        label={label}
        codeList={cell.codeList ? codeLists.get(cell.codeList) : undefined}
        onChange={(next) => onChange(formId, cell.key, next)}
      />
    );
  if (props.prefillSource) {
    // A proposal the filer has neither confirmed nor edited: marked, with where it came from.
    return (
      <td className="filing-td-value filing-td-prefilled">
        <Tooltip title={t(`filing.prefill.from.${props.prefillSource}`)}>
          <div>
            {content}
            <span className="prefill-tag" data-testid={`prefilled-${formId}.${cell.key}`}>
              {t('filing.prefill.tag')}
            </span>
          </div>
        </Tooltip>
      </td>
    );
  }
  return (
    <td
      className={`filing-td-value${cell.isComputed ? ' filing-td-computed' : ''}${comment ? ' filing-td-commented' : ''}`}
    >
      {comment ? (
        <Tooltip title={comment}>
          <div>{content}</div>
        </Tooltip>
      ) : (
        content
      )}
    </td>
  );
}

function growthText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : formatMoney(value);
}

/** An indicator form as the official table lays it out: 指标名称, 代码, 计量单位, then its value columns. */
function IndicatorFormTable(props: FormTableProps) {
  const { form, comparison, cellSeverity, cellComments } = props;
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  const width = form.labelColumns.length + form.columns.length;
  return (
    <table className="filing-table" data-form={form.id}>
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
          const path = `${form.id}.${row.code}`;
          const compared = comparison?.[row.code];
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
              {form.columns.map((column) => {
                if (column.source === 'typed') {
                  return (
                    <ValueCell
                      key={column.id}
                      cell={cell}
                      formId={form.id}
                      getValue={props.getValue}
                      onChange={props.onChange}
                      onInvalidInput={props.onInvalidInput}
                      isReadOnly={props.isReadOnly}
                      severity={cellSeverity.get(path)}
                      codeLists={props.codeLists}
                      comment={cellComments.get(path)}
                      prefillSource={props.prefilled?.get(path)}
                    />
                  );
                }
                const shown =
                  column.id === 'samePeriodLastYear'
                    ? formatNumber(cell, compared?.samePeriodLastYear)
                    : column.id === 'previousPeriod'
                      ? formatNumber(cell, compared?.previousPeriod)
                      : column.id === 'yearOnYear'
                        ? growthText(compared?.yearOnYear)
                        : column.id === 'periodOnPeriod'
                          ? growthText(compared?.periodOnPeriod)
                          : '';
                return (
                  <td key={column.id} className="filing-td-value filing-td-context">
                    <span className="filing-value" data-testid={`${column.id}-${form.id}.${row.code}`}>
                      {shown}
                    </span>
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
  const { form, cellSeverity, cellComments } = props;
  const grid = form.grid!;
  const cells = new Map(listCells(form).map((cell) => [cell.key, cell]));
  return (
    <table className="filing-table" data-form={form.id}>
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
            {grid.columns.map((column) => {
              const key = gridCellKey(row.rowNo, column.code);
              const cell = cells.get(key);
              if (!cell) return <td key={column.code} className="filing-td-absent" />;
              const path = `${form.id}.${key}`;
              return (
                <ValueCell
                  key={column.code}
                  cell={cell}
                  formId={form.id}
                  getValue={props.getValue}
                  onChange={props.onChange}
                  onInvalidInput={props.onInvalidInput}
                  isReadOnly={props.isReadOnly}
                  severity={cellSeverity.get(path)}
                  codeLists={props.codeLists}
                  comment={cellComments.get(path)}
                />
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One form of the survey, laid out like the official table, with keyboard-friendly inputs. */
export function FilingFormTable(props: FormTableProps) {
  const { form } = props;
  const { t } = useTranslation();
  return (
    <div className="filing-form">
      <div className="filing-form-title">{form.name}</div>
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
