import {
  createIncrementalAuditor,
  formsForPeriodType,
  listCells,
  monthlyComparison,
  type CellValue,
  type FilingValues,
  type Finding,
  type FormId,
  type Severity,
} from '@zhibao/survey';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Input,
  Popconfirm,
  Row,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { verificationAnswerKey, type PrefillCell, type PrefillSource } from '@zhibao/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { receiptUrl } from '../../../api/change-request.api';
import { downloadUrls, importFilingTemplate, type FilingView } from '../../../api/enterprise.api';
import { describeError } from '../../../components/api-error-alert';
import { FilingStatusTag } from '../../../components/filing-status-tag';
import { FullPageSpin } from '../../../components/full-page-spin';
import { formatDateTime, formatPeriod } from '../../../format/date-format';
import { enterprisePaths } from '../../../routes/paths';
import { useCurrentUser, useSession } from '../../../session/session-context';
import { SessionRenewalDialog } from '../../../session/session-renewal-dialog';
import { AuditPanel } from './audit-panel';
import type { CellAddress } from './draft/cell-merge';
import type { FilingDraftSync } from './draft/filing-draft-sync';
import { useDraftSyncLifecycle, useOpenedDraft } from './draft/use-filing-draft';
import { ExplanationDialog } from './explanation-dialog';
import { cellDomId } from './cell-dom-id';
import { FilingFormTable } from './filing-form-table';
import { editionOfView } from './filing-rule-set';
import { fileToBase64, ImportDialog } from './import-dialog';
import { SyncNotices, SyncStatusText } from './sync-notices';
import { useFilingSubmission } from './use-filing-submission';
import './filing.css';

/** The server's proposals for cells still blank in the draft, while the filer may edit. */
function proposalsOf(view: FilingView, values: FilingValues): PrefillCell[] {
  if (!view.allowedActions.includes('save')) return [];
  return view.prefill.filter((cell) => {
    const current = values[cell.formId as FormId]?.[cell.key];
    return current === undefined || current === null || current === '';
  });
}

function withProposals(values: FilingValues, proposals: readonly PrefillCell[]): FilingValues {
  if (proposals.length === 0) return values;
  const merged: FilingValues = { ...values };
  for (const cell of proposals) {
    const formId = cell.formId as FormId;
    merged[formId] = { ...merged[formId], [cell.key]: cell.value };
  }
  return merged;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, hint: 2 };

interface EditorProps {
  view: FilingView;
  onViewChange: (view: FilingView) => void;
  onReload: () => void;
}

/**
 * The filing screen: the forms laid out like the official tables, the survey engine auditing every
 * keystroke, a local-first draft synced in the background, 上报 with 审核说明, 取消上报, and the Excel round-trip.
 * An editable filing first opens the filer's draft in this browser (unsynced work of an earlier visit included).
 */
export function FilingEditor(props: EditorProps) {
  const user = useCurrentUser();
  const { sync, opened } = useOpenedDraft(props.view, user.id);
  if (!opened) return <FullPageSpin />;
  return sync ? (
    <SyncedFilingWorkspace key={opened.generation} {...props} sync={sync} values={opened.values} />
  ) : (
    <FilingWorkspace {...props} sync={null} snapshot={null} values={opened.values} />
  );
}

/** An editable filing: its draft's sync follows the page, the network and the session. */
function SyncedFilingWorkspace(props: EditorProps & { sync: FilingDraftSync; values: FilingValues }) {
  const snapshot = useDraftSyncLifecycle(props.sync);
  const { state } = useSession();
  return (
    <>
      <FilingWorkspace {...props} snapshot={snapshot} />
      {state.status === 'authenticated' && state.isExpired ? (
        <SessionRenewalDialog username={state.user.username} />
      ) : null}
    </>
  );
}

function FilingWorkspace({
  view,
  onViewChange,
  onReload,
  sync,
  snapshot,
  values,
}: EditorProps & {
  sync: FilingDraftSync | null;
  snapshot: ReturnType<typeof useDraftSyncLifecycle> | null;
  values: FilingValues;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const edition = useMemo(() => editionOfView(view), [view]);
  const forms = useMemo(() => formsForPeriodType(edition, view.periodType), [edition, view.periodType]);
  const codeLists = useMemo(() => new Map(edition.codeLists.map((list) => [list.id, list])), [edition]);
  // Proposals for the empty cells of the annual 企业基本情况表 (名录库, then last year): shown and audited at once,
  // marked, and saved only when the filer confirms them or edits the cell.
  const [initialProposals] = useState(() => proposalsOf(view, values));
  const [prefilled, setPrefilled] = useState<ReadonlyMap<string, PrefillSource>>(
    () => new Map(initialProposals.map((cell) => [`${cell.formId}.${cell.key}`, cell.source])),
  );
  const auditInput = useMemo(
    () => ({
      periodType: view.periodType,
      period: view.period,
      values: withProposals(values, initialProposals),
      previousPeriod: view.context.previousPeriod ?? undefined,
      samePeriodLastYear: view.context.samePeriodLastYear ?? undefined,
    }),
    [view, values, initialProposals],
  );
  // The auditor lives as long as this view and draft (the parent remounts the workspace for new ones).
  const [auditor] = useState(() => createIncrementalAuditor(edition, auditInput));
  const [findings, setFindings] = useState<readonly Finding[]>(() => auditor.findings);
  const [changeTick, setChangeTick] = useState(0);
  const [activeForm, setActiveForm] = useState<FormId>(forms[0]!.id);
  // Cells holding typed text that is not a number, by `formId.key`: shown and marked, never saved.
  const [invalidCells, setInvalidCells] = useState<ReadonlyMap<string, string>>(new Map());
  const hasSaved = snapshot?.savedAt !== null && snapshot?.savedAt !== undefined;
  const shownStatus =
    view.status === 'not_started' && hasSaved
      ? { status: 'draft' as const, pendingLevel: null }
      : { status: view.status, pendingLevel: view.pendingLevel };
  const [imported, setImported] = useState<{
    fileName: string;
    values: FilingValues;
    findings: Finding[];
  } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const isReadOnly = !view.canEdit;
  const isOffline = snapshot?.phase === 'offline';

  const onChange = useCallback(
    (formId: FormId, key: string, value: CellValue) => {
      const update = auditor.setCell(formId, key, value);
      sync?.setCell(formId, key, value);
      setPrefilled((current) => {
        const path = `${formId}.${key}`;
        if (!current.has(path)) return current;
        const next = new Map(current);
        next.delete(path);
        return next;
      });
      setFindings(update.findings);
      setChangeTick((tick) => tick + 1);
    },
    [auditor, sync],
  );

  // 确认预填: the filer takes the proposals still standing; from here they are the filer's values, saved as such.
  const confirmPrefill = () => {
    for (const path of prefilled.keys()) {
      const [formId, key] = path.split('.') as [FormId, string];
      sync?.setCell(formId, key, auditor.getValue(formId, key));
    }
    setPrefilled(new Map());
    setChangeTick((tick) => tick + 1);
  };

  const onInvalidInput = useCallback((formId: FormId, key: string, text: string | null) => {
    setInvalidCells((current) => {
      const path = `${formId}.${key}`;
      if (text === null ? !current.has(path) : current.get(path) === text) return current;
      const next = new Map(current);
      if (text === null) next.delete(path);
      else next.set(path, text);
      return next;
    });
  }, []);

  // Cells the sync changed: a colleague's values merged in, or theirs chosen in a conflict.
  useEffect(
    () =>
      sync?.onRemoteCells((cells) => {
        let latest: readonly Finding[] | null = null;
        for (const cell of cells) latest = auditor.setCell(cell.formId, cell.key, cell.value).findings;
        if (latest) setFindings(latest);
        setChangeTick((tick) => tick + 1);
      }),
    [sync, auditor],
  );

  const comparison = useMemo(
    () =>
      view.periodType === 'month'
        ? monthlyComparison(edition, { ...auditInput, values: auditor.values() })
        : undefined,
    // changeTick stands for the auditor's values, which change in place.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [edition, auditInput, auditor, changeTick],
  );

  // Each cell's findings, worst first: the cell is marked by the first and read out with all of them.
  const cellFindings = useMemo(() => {
    const byCell = new Map<string, Finding[]>();
    for (const finding of findings) {
      for (const cell of finding.cells) {
        const path = `${cell.formId}.${cell.key}`;
        byCell.set(path, [...(byCell.get(path) ?? []), finding]);
      }
    }
    for (const list of byCell.values())
      list.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
    return byCell;
  }, [findings]);

  // 必改错误 per form, for the tabs: a filer on one tab sees that another needs attention.
  const errorsByForm = useMemo(() => {
    const counts = new Map<string, number>();
    for (const finding of findings) {
      if (finding.severity !== 'error') continue;
      for (const formId of new Set(finding.cells.map((cell) => cell.formId)))
        counts.set(formId, (counts.get(formId) ?? 0) + 1);
    }
    return counts;
  }, [findings]);

  const cellComments = useMemo(
    () =>
      new Map(
        (view.returnReview?.cellComments ?? []).map((comment) => [
          `${comment.formId}.${comment.key}`,
          comment.comment,
        ]),
      ),
    [view.returnReview],
  );

  const focusCell = useCallback(
    (cells: ReadonlyArray<{ formId: string; key: string }>) => {
      const typedCell =
        cells.find((cell) =>
          forms.some(
            (form) =>
              form.id === cell.formId && listCells(form).some((c) => c.key === cell.key && !c.isComputed),
          ),
        ) ?? cells[0];
      if (!typedCell) return;
      setActiveForm(typedCell.formId as FormId);
      setTimeout(() => {
        const element = document.getElementById(cellDomId(typedCell.formId, typedCell.key));
        element?.scrollIntoView({ block: 'center' });
        element?.focus();
      }, 0);
    },
    [forms],
  );

  // The answers to the return's cell comments (请核实): sent with the submission beside the 审核说明.
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const { isSubmitting, isExplaining, closeExplanations, submit, onSubmitClick, cancelSubmission } =
    useFilingSubmission({
      view,
      answers,
      sync,
      findings,
      invalidCells,
      focusCell,
      onViewChange,
      onReload,
    });

  const onFileChosen = async (file: File) => {
    try {
      const result = await importFilingTemplate(view.taskId, {
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      });
      setImported({ fileName: file.name, ...result });
    } catch (error) {
      modal.error({
        title: t('filing.importFailed'),
        width: 640,
        content: (
          <div data-testid="import-error">
            <p>{describeError(error, t)}</p>
          </div>
        ),
      });
    }
  };

  const confirmImport = () => {
    if (!imported) return;
    for (const form of forms) {
      for (const cell of listCells(form)) {
        if (cell.isComputed) continue;
        onChange(form.id, cell.key, imported.values[form.id]?.[cell.key] ?? null);
      }
    }
    setImported(null);
    void sync?.flush().then(() => {
      if (sync.getSnapshot().phase === 'synced') void message.success(t('filing.importSaved'));
    });
  };

  const focusConflict = (cell: CellAddress) => focusCell([cell]);

  // Ctrl+S (⌘S) saves, as in an office program, wherever the focus is on the page.
  useEffect(() => {
    if (!sync) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      void sync.resume();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [sync]);

  const warnings = findings.filter((finding) => finding.severity === 'warning');

  return (
    <>
      <Card size="small" className="filing-header">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('task.period')}>{formatPeriod(view.period)}</Descriptions.Item>
          <Descriptions.Item label={t('filing.enterprise')}>{view.enterprise.name}</Descriptions.Item>
          <Descriptions.Item label={t('task.status')}>
            <span data-testid="filing-status">
              <FilingStatusTag task={shownStatus} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('task.closesAt')}>
            {formatDateTime(view.window.closesAt)}
            {view.window.isExtended ? <Tag className="deadline-tag">{t('filing.extended')}</Tag> : null}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {/* The toolbar and the draft's notices stay in view while the form scrolls. */}
      <div className="filing-toolbar-bar">
        <Flex justify="space-between" align="center" wrap gap={8} className="filing-toolbar">
          <Space wrap>
            {!isReadOnly ? (
              <>
                <Button onClick={() => void sync?.resume()} loading={snapshot?.phase === 'saving'}>
                  {t('filing.save')}
                </Button>
                <Button
                  onClick={() =>
                    document.querySelector('[data-testid="audit-panel"]')?.scrollIntoView({ block: 'start' })
                  }
                >
                  {t('filing.audit')}
                </Button>
                <Button
                  type="primary"
                  onClick={onSubmitClick}
                  loading={isSubmitting}
                  title={isOffline ? t('filing.submitNeedsServer') : undefined}
                >
                  {t('filing.submit')}
                </Button>
                <Button href={downloadUrls.template(view.taskId)}>{t('filing.downloadTemplate')}</Button>
                <Button onClick={() => fileInput.current?.click()}>{t('filing.importExcel')}</Button>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  data-testid="import-file"
                  hidden
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    event.target.value = '';
                    if (file) void onFileChosen(file);
                  }}
                />
              </>
            ) : null}
            {view.allowedActions.includes('cancel-submission') ? (
              <Popconfirm
                title={t('filing.cancelConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                onConfirm={() => cancelSubmission()}
              >
                <Button danger>{t('filing.cancelSubmission')}</Button>
              </Popconfirm>
            ) : null}
            {view.filingId && view.submittedAt ? (
              <>
                <Button href={downloadUrls.filing(view.filingId)}>{t('common.export')}</Button>
                <Button href={receiptUrl(view.filingId)} target="_blank" data-testid="print-receipt">
                  {t('filing.printReceipt')}
                </Button>
              </>
            ) : null}
            <Button onClick={() => void navigate(enterprisePaths.myTasks)}>{t('filing.backToTasks')}</Button>
          </Space>
          {snapshot ? <SyncStatusText snapshot={snapshot} /> : null}
        </Flex>
        {snapshot && sync ? (
          <SyncNotices
            snapshot={snapshot}
            forms={forms}
            onRetry={() => void sync.resume()}
            onChoose={(cell, side) => sync.resolveConflict(cell, side)}
            onChooseAll={(side) => sync.resolveAllConflicts(side)}
            onFocusCell={focusConflict}
          />
        ) : null}
      </div>

      {snapshot && snapshot.restoredCount > 0 ? (
        <Alert
          type="info"
          showIcon
          closable
          className="filing-alert"
          data-testid="draft-restored"
          title={t('filing.restored', { count: snapshot.restoredCount })}
        />
      ) : null}
      {view.editRefusal && !view.isAsFiled ? (
        <Alert
          type="info"
          showIcon
          className="filing-alert"
          title={view.editRefusal}
          data-testid="edit-refusal"
        />
      ) : null}
      {view.isAsFiled ? (
        <Alert
          type="info"
          showIcon
          className="filing-alert"
          title={t('filing.asFiled', {
            revision: view.revisionNo ?? 1,
            time: formatDateTime(view.submittedAt),
          })}
        />
      ) : null}
      {view.returnReview ? (
        <Alert
          type="error"
          showIcon
          className="filing-alert"
          data-testid="return-review"
          title={t('filing.returnedBy', {
            level: t(`shell.adminLevel.${view.returnReview.level}`),
            time: formatDateTime(view.returnReview.returnedAt),
          })}
          description={
            <>
              {view.returnReview.reason ? <p className="return-reason">{view.returnReview.reason}</p> : null}
              {view.returnReview.cellComments.length > 0 ? (
                <ul className="problem-list">
                  {view.returnReview.cellComments.map((comment) => (
                    <li key={`${comment.formId}.${comment.key}`}>
                      <Typography.Link onClick={() => focusCell([comment])}>
                        {forms.find((form) => form.id === comment.formId)?.tableNo} {comment.key}
                      </Typography.Link>
                      ：{comment.comment}
                      {view.canEdit ? (
                        <Input.TextArea
                          className="return-answer"
                          data-testid={`return-answer-${comment.formId}.${comment.key}`}
                          aria-label={t('filing.answerLabel', { cell: comment.key })}
                          placeholder={t('filing.answerPlaceholder')}
                          autoSize={{ minRows: 1, maxRows: 4 }}
                          maxLength={1000}
                          value={answers[verificationAnswerKey(comment)] ?? ''}
                          onChange={(event) =>
                            setAnswers((current) => ({
                              ...current,
                              [verificationAnswerKey(comment)]: event.target.value,
                            }))
                          }
                        />
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          }
        />
      ) : null}

      {prefilled.size > 0 && !isReadOnly ? (
        <Alert
          type="info"
          showIcon
          className="filing-alert"
          data-testid="prefill-notice"
          title={t('filing.prefill.notice', { count: prefilled.size })}
          action={
            <Button size="small" type="primary" onClick={confirmPrefill} data-testid="prefill-confirm">
              {t('filing.prefill.confirm')}
            </Button>
          }
        />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card size="small" className="filing-forms">
            <Typography.Paragraph id="filing-keyboard-hint" type="secondary" className="filing-keyboard-hint">
              {t(isReadOnly ? 'filing.keyboardHintReadOnly' : 'filing.keyboardHint')}
            </Typography.Paragraph>
            <Tabs
              activeKey={activeForm}
              onChange={(key) => setActiveForm(key as FormId)}
              items={forms.map((form) => ({
                key: form.id,
                label: (
                  <span data-testid={`form-tab-${form.id}`}>
                    {form.tableNo} {form.name}
                    {errorsByForm.get(form.id) ? (
                      <Badge
                        count={errorsByForm.get(form.id)}
                        size="small"
                        className="form-tab-errors"
                        title={t('filing.tabErrors', { count: errorsByForm.get(form.id) })}
                      />
                    ) : null}
                  </span>
                ),
                children: (
                  <FilingFormTable
                    form={form}
                    codeLists={codeLists}
                    getValue={auditor.getValue}
                    onChange={onChange}
                    onInvalidInput={onInvalidInput}
                    isReadOnly={isReadOnly}
                    cellFindings={cellFindings}
                    cellComments={cellComments}
                    prefilled={isReadOnly ? undefined : prefilled}
                    comparison={form.id === 'monthly' ? comparison : undefined}
                  />
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <div className="audit-sticky">
            <AuditPanel
              findings={findings}
              ruleSet={view.ruleSet}
              onSelect={(finding) => focusCell(finding.cells)}
            />
          </div>
        </Col>
      </Row>

      {isExplaining ? (
        <ExplanationDialog
          warnings={warnings}
          initial={view.explanations}
          isSubmitting={isSubmitting}
          onSubmit={(explanations) => void submit(explanations)}
          onClose={closeExplanations}
        />
      ) : null}
      {imported ? (
        <ImportDialog
          imported={imported}
          forms={forms}
          current={auditor.getValue}
          onConfirm={confirmImport}
          onCancel={() => setImported(null)}
        />
      ) : null}
    </>
  );
}
