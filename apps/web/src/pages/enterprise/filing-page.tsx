import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fetchFiledReport, fetchTaskFiling, type FilingView } from '../../api/enterprise.api';
import { isApiError } from '../../api/http-client';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { PageHeader } from '../../components/page-header';
import { formatPeriod } from '../../format/date-format';
import { useCurrentUser } from '../../session/session-context';
import { keepFilingView, keptFilingView } from './filing/draft/draft-store';
import { FilingEditor } from './filing/filing-editor';
import { FilingRecordActions } from './filing-record-actions';

/** A task's filing from the server, or without network the view kept when it was last opened here. */
async function loadTaskFiling(userId: string, taskId: string, signal: AbortSignal): Promise<FilingView> {
  try {
    const view = await fetchTaskFiling(taskId, signal);
    void keepFilingView(userId, view);
    return view;
  } catch (error) {
    if (isApiError(error) && error.status === 0) {
      const kept = await keptFilingView<FilingView>(userId, taskId);
      if (kept) return kept;
    }
    throw error;
  }
}

/**
 * The filing screen: /enterprise/tasks/:taskId/filing edits the task's working copy (or shows it read-only
 * when it cannot be edited); /enterprise/filings/:filingId shows a report as filed (填报数据查询 → 查看).
 */
/** The 省级 / 市级 tag a province's or city's own task carries in its name, in the interface language. */
function reportTag(taskName: string, t: TFunction): string {
  const tag = /^\[(省级|市级)\]/.exec(taskName)?.[1];
  if (!tag) return '';
  return `[${t(tag === '省级' ? 'filing.taskTag.province' : 'filing.taskTag.city')}]`;
}

export function FilingPage() {
  const { t } = useTranslation();
  const { taskId, filingId } = useParams();
  const user = useCurrentUser();
  const loaded = useApiQuery(
    (signal) => (taskId ? loadTaskFiling(user.id, taskId, signal) : fetchFiledReport(filingId ?? '', signal)),
    [taskId, filingId, user.id],
  );
  const [replaced, setReplaced] = useState<{ from: FilingView | undefined; view: FilingView } | null>(null);
  // A view the editor handed back (after 上报 or 取消上报) stands until the next load.
  const view = replaced && replaced.from === loaded.data ? replaced.view : loaded.data;

  if (loaded.error) {
    return (
      <>
        <PageHeader title={t('filing.title')} />
        <ApiErrorAlert error={loaded.error} onRetry={loaded.reload} />
      </>
    );
  }
  if (!view) return <FullPageSpin />;
  return (
    <>
      <PageHeader
        title={t(`filing.reportTitle.${view.periodType}`, {
          tag: reportTag(view.taskName, t),
          period: formatPeriod(view.period),
        })}
        extra={
          view.filingId ? (
            <FilingRecordActions filingId={view.filingId} isLocked={view.status === 'approved'} />
          ) : null
        }
      />
      <FilingEditor
        key={`${view.filingId}:${view.version}:${view.status}:${view.isAsFiled}`}
        view={view}
        onViewChange={(next) => setReplaced({ from: loaded.data, view: next })}
        onReload={() => {
          setReplaced(null);
          loaded.reload();
        }}
      />
    </>
  );
}
