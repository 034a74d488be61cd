import type { Finding } from '@zhibao/survey';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelFilingSubmission, submitFiling, type FilingView } from '../../../api/enterprise.api';
import { isApiError } from '../../../api/http-client';
import { describeError } from '../../../components/api-error-alert';
import type { CellAddress } from './draft/cell-merge';
import { isVersionConflict, type FilingDraftSync } from './draft/filing-draft-sync';
import { describeSyncState } from './sync-notices';
import { filingStatusText } from '../../../components/filing-status';

/**
 * 上报 and 取消上报 from the editor. 上报 is the server's to judge, so it needs the server: it refuses offline,
 * while a cell holds text that is not a number or a 必改错误 stands, asks for the 审核说明 of serious warnings,
 * then sends the draft as synced (what is typed goes first) on the version it is based on.
 */
export function useFilingSubmission({
  view,
  answers,
  sync,
  findings,
  invalidCells,
  focusCell,
  onViewChange,
  onReload,
}: {
  view: FilingView;
  /** The enterprise's answers to the return's cell comments, by `verificationAnswerKey`. */
  answers: Readonly<Record<string, string>>;
  sync: FilingDraftSync | null;
  findings: readonly Finding[];
  /** Typed text that is not a number, by `formId.key`. */
  invalidCells: ReadonlyMap<string, string>;
  focusCell: (cells: readonly CellAddress[]) => void;
  onViewChange: (view: FilingView) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [isExplaining, setIsExplaining] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);

  const refuse = (content: string) => void message.error({ content, className: 'submit-blocked-message' });

  const submit = async (explanations: Record<string, string>) => {
    if (!sync) return;
    setIsSubmitting(true);
    try {
      await sync.flush();
      const phase = sync.getSnapshot().phase;
      if (phase !== 'synced' && phase !== 'pending') {
        refuse(t('filing.submitBlockedUnsynced', { state: describeSyncState(sync.getSnapshot(), t) }));
        setIsExplaining(false);
        return;
      }
      const next = await submitFiling(view.taskId, {
        ...sync.submission(),
        explanations: { ...answers, ...explanations },
      });
      sync.adoptServerState(next.version, next.values);
      void message.success(t('filing.submitted', { status: filingStatusText(t, next) }));
      setIsExplaining(false);
      onViewChange(next);
    } catch (error) {
      if (isVersionConflict(error)) setIsExplaining(false);
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
      // Someone saved since the last sync: load their version, which the draft merges cell by cell.
      if (isVersionConflict(error)) onReload();
    } finally {
      setIsSubmitting(false);
    }
  };

  const onSubmitClick = () => {
    if (sync?.getSnapshot().phase === 'offline' || !navigator.onLine) {
      refuse(t('filing.submitNeedsServer'));
      return;
    }
    const firstInvalid = [...invalidCells.keys()][0];
    if (firstInvalid) {
      refuse(t('filing.submitBlockedInvalid', { count: invalidCells.size }));
      const [formId, ...key] = firstInvalid.split('.');
      focusCell([{ formId: formId as CellAddress['formId'], key: key.join('.') }]);
      return;
    }
    const errors = findings.filter((finding) => finding.severity === 'error');
    if (errors.length > 0) {
      refuse(t('filing.submitBlocked', { count: errors.length }));
      focusCell(errors[0]!.cells as readonly CellAddress[]);
      return;
    }
    if (findings.some((finding) => finding.severity === 'warning')) setIsExplaining(true);
    else void submit({});
  };

  const cancelSubmission = async () => {
    try {
      const next = await cancelFilingSubmission(view.taskId, view.version);
      void message.success(t('filing.cancelled'));
      onViewChange(next);
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  return {
    isSubmitting,
    isExplaining,
    closeExplanations: () => setIsExplaining(false),
    submit,
    onSubmitClick,
    cancelSubmission,
  };
}
