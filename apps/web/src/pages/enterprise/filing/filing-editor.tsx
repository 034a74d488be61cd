import {
  createIncrementalAuditor,
  formsForPeriodType,
  getEdition,
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
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Popconfirm,
  Row,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  cancelFilingSubmission,
  downloadUrls,
  fetchTaskFiling,
  importFilingTemplate,
  saveFilingDraft,
  submitFiling,
  type FilingView,
} from '../../../api/enterprise.api';
import { isApiError, type ApiError } from '../../../api/http-client';
import { describeError } from '../../../components/api-error-alert';
import { FilingStatusTag } from '../../../components/filing-status-tag';
import { formatDateTime } from '../../../format/date-format';
import { enterprisePaths } from '../../../routes/paths';
import { AuditPanel } from './audit-panel';
import { ExplanationDialog } from './explanation-dialog';
import { cellDomId } from './cell-dom-id';
import { FilingFormTable } from './filing-form-table';
import { fileToBase64, ImportDialog } from './import-dialog';
import './filing.css';

type SaveState = 'saved' | 'dirty' | 'saving' | 'failed' | 'conflict';

const AUTOSAVE_DELAY_MS = 1500;
const severityRank: Record<Severity, number> = { error: 0, warning: 1, hint: 2 };

function copyValues(values: FilingValues): FilingValues {
  return JSON.parse(JSON.stringify(values)) as FilingValues;
}

function isVersionConflict(error: unknown): error is ApiError {
  return (
    isApiError(error) &&
    error.status === 409 &&
    !!error.invalidParams?.some((param) => param.name === 'version')
  );
}

/**
 * The filing screen: the forms laid out like the official tables, the survey engine auditing every
 * keystroke, autosave with optimistic locking, 保存, 上报 with 审核说明, 取消上报, and the Excel round-trip.
 */
export function FilingEditor({
  view,
  onViewChange,
  onReload,
}: {
  view: FilingView;
  onViewChange: (view: FilingView) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const edition = useMemo(() => getEdition(view.editionId), [view.editionId]);
  const forms = useMemo(() => formsForPeriodType(edition, view.periodType), [edition, view.periodType]);
  const codeLists = useMemo(() => new Map(edition.codeLists.map((list) => [list.id, list])), [edition]);
  const auditInput = useMemo(
    () => ({
      periodType: view.periodType,
      period: view.period,
      values: view.values,
      previousPeriod: view.context.previousPeriod ?? undefined,
      samePeriodLastYear: view.context.samePeriodLastYear ?? undefined,
    }),
    [view],
  );
  // The auditor lives as long as this view (the parent remounts the editor for a new one).
  const [auditor] = useState(() => createIncrementalAuditor(edition, auditInput));
  const typed = useRef<FilingValues>(copyValues(view.values));
  const [findings, setFindings] = useState<readonly Finding[]>(() => auditor.findings);
  const [changeTick, setChangeTick] = useState(0);
  const [activeForm, setActiveForm] = useState<FormId>(forms[0]!.id);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<string | null>(view.updatedAt);
  const [shownStatus, setShownStatus] = useState({ status: view.status, pendingLevel: view.pendingLevel });
  const [isExplaining, setIsExplaining] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [imported, setImported] = useState<{
    fileName: string;
    values: FilingValues;
    findings: Finding[];
  } | null>(null);
  const version = useRef(view.version);
  const edits = useRef(0);
  const saveChain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const isInConflict = useRef(false);
  const isReadOnly = !view.canEdit;

  const save = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const run = async () => {
      const editsAtStart = edits.current;
      setSaveState('saving');
      try {
        const saved = await saveFilingDraft(view.taskId, { version: version.current, values: typed.current });
        version.current = saved.version;
        isInConflict.current = false;
        setSavedAt(saved.updatedAt);
        setShownStatus({ status: saved.status, pendingLevel: null });
        setSaveError(null);
        setSaveState(edits.current === editsAtStart ? 'saved' : 'dirty');
      } catch (error) {
        setSaveError(error);
        isInConflict.current = isVersionConflict(error);
        setSaveState(isInConflict.current ? 'conflict' : 'failed');
        throw error;
      }
    };
    const next = saveChain.current.then(run, run);
    saveChain.current = next.catch(() => undefined);
    return next;
  }, [view.taskId]);

  const onChange = useCallback(
    (formId: FormId, key: string, value: CellValue) => {
      const update = auditor.setCell(formId, key, value);
      const cells = (typed.current[formId] ??= {});
      if (value === null) delete cells[key];
      else cells[key] = value;
      edits.current += 1;
      setFindings(update.findings);
      setChangeTick((tick) => tick + 1);
      setSaveState((state) => (state === 'conflict' ? state : 'dirty'));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (!isInConflict.current) void save().catch(() => undefined);
      }, AUTOSAVE_DELAY_MS);
    },
    [auditor, save],
  );

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (edits.current > 0 && saveState !== 'saved') event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [saveState]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
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

  const cellSeverity = useMemo(() => {
    const worst = new Map<string, Severity>();
    for (const finding of findings) {
      for (const cell of finding.cells) {
        const path = `${cell.formId}.${cell.key}`;
        const current = worst.get(path);
        if (!current || severityRank[finding.severity] < severityRank[current])
          worst.set(path, finding.severity);
      }
    }
    return worst;
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

  const doSubmit = async (explanations: Record<string, string>) => {
    setIsSubmitting(true);
    try {
      if (timer.current) clearTimeout(timer.current);
      await saveChain.current;
      const next = await submitFiling(view.taskId, {
        version: version.current,
        values: typed.current,
        explanations,
      });
      void message.success(t('filing.submitted', { status: next.statusLabel }));
      setIsExplaining(false);
      onViewChange(next);
    } catch (error) {
      if (isVersionConflict(error)) {
        setSaveError(error);
        setSaveState('conflict');
        setIsExplaining(false);
      }
      modal.error({
        title: t('filing.submitFailed'),
        content: (
          <div data-testid="submit-error">
            <p>{describeError(error, t)}</p>
            {isApiError(error) && error.invalidParams?.length ? (
              <ul className="problem-list">
                {error.invalidParams.map((param) => (
                  <li key={param.name + param.reason}>{param.reason}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ),
      });
    } finally {
      setIsSubmitting(false);
    }
  };

  const onSubmitClick = () => {
    const errors = findings.filter((finding) => finding.severity === 'error');
    if (errors.length > 0) {
      void message.error({
        content: t('filing.submitBlocked', { count: errors.length }),
        className: 'submit-blocked-message',
      });
      focusCell(errors[0]!.cells);
      return;
    }
    if (findings.some((finding) => finding.severity === 'warning')) setIsExplaining(true);
    else void doSubmit({});
  };

  const onCancelSubmission = async () => {
    try {
      const next = await cancelFilingSubmission(view.taskId, view.version);
      void message.success(t('filing.cancelled'));
      onViewChange(next);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const overwriteWithMine = async () => {
    try {
      const latest = await fetchTaskFiling(view.taskId);
      version.current = latest.version;
      await save();
      void message.success(t('filing.overwritten'));
    } catch (error) {
      if (!isVersionConflict(error)) void message.error(describeError(error, t));
    }
  };

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
    void save()
      .then(() => message.success(t('filing.importSaved')))
      .catch(() => undefined);
  };

  const saveStateText = {
    saved: savedAt ? t('filing.savedAt', { time: formatDateTime(savedAt) }) : t('filing.notSavedYet'),
    dirty: t('filing.unsaved'),
    saving: t('filing.saving'),
    failed: t('filing.saveFailed', { reason: describeError(saveError, t) }),
    conflict: t('filing.conflict'),
  }[saveState];

  const warnings = findings.filter((finding) => finding.severity === 'warning');

  return (
    <>
      <Card size="small" className="filing-header">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('task.period')}>{view.periodLabel}</Descriptions.Item>
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
        <Flex justify="space-between" align="center" wrap gap={8} className="filing-toolbar">
          <Space wrap>
            {!isReadOnly ? (
              <>
                <Button onClick={() => void save().catch(() => undefined)} loading={saveState === 'saving'}>
                  {t('filing.save')}
                </Button>
                <Button
                  onClick={() =>
                    document.querySelector('[data-testid="audit-panel"]')?.scrollIntoView({ block: 'start' })
                  }
                >
                  {t('filing.audit')}
                </Button>
                <Button type="primary" onClick={onSubmitClick} loading={isSubmitting}>
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
            {view.canCancelSubmission ? (
              <Popconfirm
                title={t('filing.cancelConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                onConfirm={() => onCancelSubmission()}
              >
                <Button danger>{t('filing.cancelSubmission')}</Button>
              </Popconfirm>
            ) : null}
            {view.filingId && view.submittedAt ? (
              <Button href={downloadUrls.filing(view.filingId)}>{t('common.export')}</Button>
            ) : null}
            <Button onClick={() => void navigate(enterprisePaths.myTasks)}>{t('filing.backToTasks')}</Button>
          </Space>
          {!isReadOnly ? (
            <Typography.Text type={saveState === 'failed' ? 'danger' : 'secondary'} data-testid="save-state">
              {saveStateText}
            </Typography.Text>
          ) : null}
        </Flex>
      </Card>

      {saveState === 'conflict' ? (
        <Alert
          type="error"
          showIcon
          className="filing-alert"
          data-testid="conflict-alert"
          title={describeError(saveError, t)}
          action={
            <Space direction="vertical">
              <Button size="small" type="primary" onClick={() => void overwriteWithMine()}>
                {t('filing.overwrite')}
              </Button>
              <Button size="small" onClick={onReload}>
                {t('filing.loadLatest')}
              </Button>
            </Space>
          }
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
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          }
        />
      ) : null}

      <Row gutter={16}>
        <Col xs={24} xl={17}>
          <Card size="small" className="filing-forms">
            <Tabs
              activeKey={activeForm}
              onChange={(key) => setActiveForm(key as FormId)}
              items={forms.map((form) => ({
                key: form.id,
                label: `${form.tableNo} ${form.name}`,
                children: (
                  <FilingFormTable
                    form={form}
                    codeLists={codeLists}
                    getValue={auditor.getValue}
                    onChange={onChange}
                    isReadOnly={isReadOnly}
                    cellSeverity={cellSeverity}
                    cellComments={cellComments}
                    comparison={form.id === 'monthly' ? comparison : undefined}
                  />
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <div className="audit-sticky">
            <AuditPanel findings={findings} onSelect={(finding) => focusCell(finding.cells)} />
          </div>
        </Col>
      </Row>

      {isExplaining ? (
        <ExplanationDialog
          warnings={warnings}
          initial={view.explanations}
          isSubmitting={isSubmitting}
          onSubmit={(explanations) => void doSubmit(explanations)}
          onClose={() => setIsExplaining(false)}
        />
      ) : null}
      {imported ? (
        <ImportDialog imported={imported} onConfirm={confirmImport} onCancel={() => setImported(null)} />
      ) : null}
    </>
  );
}
