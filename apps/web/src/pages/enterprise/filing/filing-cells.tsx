import type { CellDefinition, CellValue, CodeList, FormId, Severity } from '@zhibao/survey';
import type { PrefillSource } from '@zhibao/contracts';
import { Tooltip } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatMoney } from '../../../format/number-format';
import { parseCellInput } from './cell-input-value';
import { cellDomId } from './cell-dom-id';
import { focusGridCell, neighbourCell } from './grid-keyboard';

const isNumeric = (cell: CellDefinition) =>
  cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';

export function formatNumber(cell: Pick<CellDefinition, 'type'>, value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return cell.type === 'count' ? formatCount(value) : formatMoney(value);
}

/** What a screen reader says of a cell besides its name and value: its audit findings and the reviewer's comment. */
export interface CellAnnouncement {
  /** The cell's own text (its findings, the comment), hidden beside the cell and tied to it by aria-describedby. */
  description: string | undefined;
  /** The cell breaks a 必改错误 rule (aria-invalid). */
  hasError: boolean;
}

/** How a value cell is addressed: its position in the table, what it is called, what is said of it. */
export interface CellPlace {
  cell: CellDefinition;
  /** The cell's value column, for the arrow keys (`data-grid-col`). */
  column: number;
  /** 指标名称 · 列名（代码，单位）. */
  name: string;
  severity: Severity | undefined;
  announcement: CellAnnouncement;
}

const descriptionId = (cell: CellDefinition) => `${cellDomId(cell.formId, cell.key)}-audit`;

/**
 * A typed cell's two states, as in a spreadsheet. Arriving in a cell selects its content: typing replaces it,
 * the arrows leave it. Enter or F2 edits it (the caret at the end; Left and Right then move the caret); typing
 * edits it too. Enter in an edited cell goes down to the next cell one types in (Shift+Enter up), and Esc puts
 * back the value the cell held when it was reached.
 */
function useCellEditing(cancel: (input: HTMLInputElement) => void) {
  const [isEditing, setEditing] = useState(false);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    if ((event.key === 'Enter' && !isEditing) || event.key === 'F2') {
      event.preventDefault();
      setEditing(true);
      input.setSelectionRange(input.value.length, input.value.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setEditing(false);
      const next = neighbourCell(input, event.shiftKey ? 'up' : 'down', true);
      if (next) focusGridCell(next);
      else input.select();
    } else if (event.key === 'Escape' && isEditing) {
      event.preventDefault();
      setEditing(false);
      cancel(input);
      input.select();
    }
  };
  return {
    isEditing,
    onKeyDown,
    startEditing: () => setEditing(true),
    stopEditing: () => setEditing(false),
  };
}

/** The attributes every typed cell shares: id, name, description, state, place in the grid. */
function cellAttributes(place: CellPlace, isEditing: boolean, invalidReasonId?: string) {
  const { cell, announcement } = place;
  const describedBy = [invalidReasonId, announcement.description ? descriptionId(cell) : undefined]
    .filter(Boolean)
    .join(' ');
  return {
    id: cellDomId(cell.formId, cell.key),
    'data-cell-input': '',
    'data-grid-col': place.column,
    'data-editing': isEditing ? '' : undefined,
    'aria-label': place.name,
    'aria-describedby': describedBy || undefined,
  };
}

const cellClass = (place: CellPlace, isEditing: boolean, extra = '') =>
  `filing-input${extra}${place.severity ? ` cell-${place.severity}` : ''}${isEditing ? ' filing-input-editing' : ''}`;

/**
 * A number cell: thousands separators while reading, the plain number while typing; live on every keystroke.
 * Text that is not a number stays shown and marked with the reason, and the cell keeps the value it held
 * before the edit began until the text is corrected: a stray letter never empties a filled cell.
 */
function NumberCell({
  place,
  value,
  onChange,
  onInvalidInput,
}: {
  place: CellPlace;
  value: CellValue;
  onChange: (value: CellValue) => void;
  onInvalidInput: (text: string | null) => void;
}) {
  const { t } = useTranslation();
  const { cell } = place;
  const [draft, setDraft] = useState<string | null>(null);
  // The value the cell held when this edit began: what an invalid text, or Esc, falls back to.
  const [valueBeforeEdit, setValueBeforeEdit] = useState<CellValue>(value);
  const plain = (shown: CellValue) => (typeof shown === 'number' ? String(shown) : (shown ?? ''));
  const editing = useCellEditing((input) => {
    if (value !== valueBeforeEdit) onChange(valueBeforeEdit);
    onInvalidInput(null);
    input.value = plain(valueBeforeEdit);
    setDraft(input.value);
  });
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
        {...cellAttributes(place, editing.isEditing, isInvalid ? reasonId : undefined)}
        aria-invalid={isInvalid || place.announcement.hasError || undefined}
        title={reason}
        className={cellClass(
          place,
          editing.isEditing,
          ` filing-input-number${isInvalid ? ' cell-invalid' : ''}`,
        )}
        inputMode="decimal"
        autoComplete="off"
        value={shown}
        onFocus={(event) => {
          setValueBeforeEdit(value);
          editing.stopEditing();
          // Show the plain number and select it at once, so typing replaces it rather than appending
          // to a value React would otherwise swap in after the selection. Invalid text stays as typed.
          const raw = isInvalid ? draft : plain(value);
          event.currentTarget.value = raw;
          event.currentTarget.select();
          setDraft(raw);
        }}
        onChange={(event) => {
          const text = event.target.value;
          editing.startEditing();
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
          editing.stopEditing();
          if (!isInvalid) setDraft(null);
        }}
        onKeyDown={editing.onKeyDown}
      />
      {reason ? (
        <div id={reasonId} className="cell-invalid-reason" role="alert">
          {reason}
        </div>
      ) : null}
    </>
  );
}

/** A code chosen from a list: typing a code picks it, Enter or F2 opens the list, the arrows leave the cell. */
function CodeCell({
  place,
  value,
  onChange,
  codeList,
}: {
  place: CellPlace;
  value: CellValue;
  onChange: (value: CellValue) => void;
  codeList: CodeList;
}) {
  const { t } = useTranslation();
  return (
    <select
      {...cellAttributes(place, false)}
      aria-invalid={place.announcement.hasError || undefined}
      className={cellClass(place, false)}
      value={value === null ? '' : String(value)}
      onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== 'F2') return;
        event.preventDefault();
        event.currentTarget.showPicker();
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

function TextCell({
  place,
  value,
  onChange,
}: {
  place: CellPlace;
  value: CellValue;
  onChange: (value: CellValue) => void;
}) {
  const [valueBeforeEdit, setValueBeforeEdit] = useState<CellValue>(value);
  const editing = useCellEditing((input) => {
    onChange(valueBeforeEdit);
    input.value = valueBeforeEdit === null ? '' : String(valueBeforeEdit);
  });
  return (
    <input
      {...cellAttributes(place, editing.isEditing)}
      aria-invalid={place.announcement.hasError || undefined}
      className={cellClass(place, editing.isEditing)}
      autoComplete="off"
      value={value === null ? '' : String(value)}
      onFocus={(event) => {
        setValueBeforeEdit(value);
        editing.stopEditing();
        event.currentTarget.select();
      }}
      onChange={(event) => {
        editing.startEditing();
        onChange(event.target.value === '' ? null : event.target.value);
      }}
      onBlur={editing.stopEditing}
      onKeyDown={editing.onKeyDown}
    />
  );
}

/**
 * A value one reads but does not type (computed, a filing as filed, last year's figure): reached by the arrow
 * keys and from the audit panel, read out with its name, never editable.
 */
export function ShownValue({
  id,
  column,
  name,
  text,
  className,
  testId,
  describedBy,
}: {
  id?: string;
  column: number;
  name: string;
  text: string;
  className: string;
  testId: string;
  describedBy?: string | undefined;
}) {
  return (
    <span
      id={id}
      role="textbox"
      aria-readonly="true"
      aria-label={name}
      aria-describedby={describedBy}
      tabIndex={-1}
      data-grid-col={column}
      className={className}
      data-testid={testId}
    >
      {text}
    </span>
  );
}

export interface ValueCellProps {
  place: CellPlace;
  value: CellValue;
  onChange: (formId: FormId, key: string, value: CellValue) => void;
  onInvalidInput: ((formId: FormId, key: string, text: string | null) => void) | undefined;
  isReadOnly: boolean;
  codeList: CodeList | undefined;
  comment: string | undefined;
  prefillSource?: PrefillSource | undefined;
}

/** A value cell of a form: typed, chosen from a list, or shown; with its findings told to screen readers. */
export function ValueCell(props: ValueCellProps) {
  const { place, value, isReadOnly, codeList, comment } = props;
  const { cell } = place;
  const { t } = useTranslation();
  const onChange = (next: CellValue) => props.onChange(cell.formId, cell.key, next);
  const content =
    isReadOnly || cell.isComputed ? (
      <ShownValue
        id={cellDomId(cell.formId, cell.key)}
        column={place.column}
        name={place.name}
        text={typeof value === 'number' ? formatNumber(cell, value) : (value ?? '')}
        className={`filing-value${cell.isComputed ? ' filing-computed' : ''}${place.severity ? ` cell-${place.severity}` : ''}`}
        testId={`value-${cell.formId}.${cell.key}`}
        describedBy={place.announcement.description ? descriptionId(cell) : undefined}
      />
    ) : isNumeric(cell) ? (
      <NumberCell
        place={place}
        value={value}
        onChange={onChange}
        onInvalidInput={(text) => props.onInvalidInput?.(cell.formId, cell.key, text)}
      />
    ) : codeList && !codeList.pattern ? (
      <CodeCell place={place} value={value} onChange={onChange} codeList={codeList} />
    ) : (
      <TextCell place={place} value={value} onChange={onChange} />
    );
  const description = place.announcement.description ? (
    <span id={descriptionId(cell)} className="visually-hidden">
      {place.announcement.description}
    </span>
  ) : null;
  if (props.prefillSource) {
    // A proposal the filer has neither confirmed nor edited: marked, with where it came from.
    return (
      <td className="filing-td-value filing-td-prefilled">
        <Tooltip title={t(`filing.prefill.from.${props.prefillSource}`)}>
          <div>
            {content}
            <span className="prefill-tag" data-testid={`prefilled-${cell.formId}.${cell.key}`}>
              {t('filing.prefill.tag')}
            </span>
          </div>
        </Tooltip>
        {description}
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
      {description}
    </td>
  );
}
