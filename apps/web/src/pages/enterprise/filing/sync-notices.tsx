import { listCells, type CellValue, type FormDefinition } from '@zhibao/survey';
import { Alert, Button, Flex, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { describeError } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../format/date-format';
import { formatMoney } from '../../../format/number-format';
import type { CellAddress, CellConflict } from './draft/cell-merge';
import type { DraftSyncSnapshot } from './draft/filing-draft-sync';

/** Seconds until `at`, ticking each second while a retry is scheduled. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Where the draft stands, in words. */
export function describeSyncState(snapshot: DraftSyncSnapshot, t: TFunction): string {
  const count = snapshot.unsyncedCount;
  return {
    synced: snapshot.savedAt
      ? t('filing.savedAt', { time: formatDateTime(snapshot.savedAt) })
      : t('filing.notSavedYet'),
    pending: t('filing.unsynced', { count }),
    saving: t('filing.saving'),
    offline: t('filing.offline', { count }),
    'signed-out': t('filing.signedOut', { count }),
    failed: t('filing.saveFailed', { reason: describeError(snapshot.error, t) }),
    conflict: t('filing.conflict'),
  }[snapshot.phase];
}

/** The one line beside the toolbar that says where the draft stands. */
export function SyncStatusText({ snapshot }: { snapshot: DraftSyncSnapshot }) {
  const { t } = useTranslation();
  const text = describeSyncState(snapshot, t);
  const isTrouble = ['failed', 'conflict', 'signed-out', 'offline'].includes(snapshot.phase);
  return (
    <Typography.Text type={isTrouble ? 'danger' : 'secondary'} data-testid="save-state">
      {text}
    </Typography.Text>
  );
}

function shownValue(value: CellValue, blank: string): string {
  if (value === null) return blank;
  return typeof value === 'number' ? formatMoney(value) : value;
}

/**
 * The notices that stay beside the toolbar until their cause is gone: offline, a refused or failed save (with
 * its retry), and cells both the filer and a colleague changed, side by side with a choice for each.
 */
export function SyncNotices({
  snapshot,
  forms,
  onRetry,
  onChoose,
  onChooseAll,
  onFocusCell,
}: {
  snapshot: DraftSyncSnapshot;
  forms: readonly FormDefinition[];
  onRetry: () => void;
  onChoose: (cell: CellAddress, side: 'mine' | 'theirs') => void;
  onChooseAll: (side: 'mine' | 'theirs') => void;
  onFocusCell: (cell: CellAddress) => void;
}) {
  const { t } = useTranslation();
  const retryIn = useSecondsUntil(snapshot.nextRetryAt);
  const blank = t('filing.blank');
  const cellName = (conflict: CellConflict) => {
    const form = forms.find((candidate) => candidate.id === conflict.formId);
    const cell = form && listCells(form).find((candidate) => candidate.key === conflict.key);
    return `${form?.tableNo ?? conflict.formId} ${cell ? `${cell.label} ${cell.name}` : conflict.key}`;
  };

  if (snapshot.phase === 'offline') {
    return (
      <Alert
        type="warning"
        showIcon
        className="sync-notice"
        data-testid="offline-banner"
        title={t('filing.offline', { count: snapshot.unsyncedCount })}
        description={t('filing.offlineHint')}
      />
    );
  }
  if (snapshot.phase === 'signed-out') {
    return (
      <Alert
        type="warning"
        showIcon
        className="sync-notice"
        data-testid="signed-out-banner"
        title={t('filing.signedOut', { count: snapshot.unsyncedCount })}
      />
    );
  }
  if (snapshot.phase === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        className="sync-notice"
        data-testid="save-failed"
        title={t('filing.saveFailed', { reason: describeError(snapshot.error, t) })}
        description={retryIn !== null ? t('filing.retryIn', { seconds: retryIn }) : undefined}
        action={
          <Button size="small" onClick={onRetry}>
            {t('filing.retryNow')}
          </Button>
        }
      />
    );
  }
  if (snapshot.phase === 'conflict') {
    return (
      <Alert
        type="error"
        showIcon
        className="sync-notice"
        data-testid="conflict-alert"
        title={t('filing.conflictTitle', { count: snapshot.conflicts.length })}
        description={
          <table className="conflict-table">
            <thead>
              <tr>
                <th>{t('filing.conflictCell')}</th>
                <th>{t('filing.conflictMine')}</th>
                <th>{t('filing.conflictTheirs')}</th>
                <th>{t('filing.conflictChoose')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.conflicts.map((conflict) => (
                <tr key={`${conflict.formId}.${conflict.key}`} data-conflict={conflict.key}>
                  <td>
                    <Typography.Link onClick={() => onFocusCell(conflict)}>
                      {cellName(conflict)}
                    </Typography.Link>
                  </td>
                  <td className="conflict-mine">{shownValue(conflict.mine, blank)}</td>
                  <td className="conflict-theirs">{shownValue(conflict.theirs, blank)}</td>
                  <td>
                    <Space size={4}>
                      <Button size="small" onClick={() => onChoose(conflict, 'mine')}>
                        {t('filing.useMine')}
                      </Button>
                      <Button size="small" onClick={() => onChoose(conflict, 'theirs')}>
                        {t('filing.useTheirs')}
                      </Button>
                    </Space>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
        action={
          <Flex vertical gap={4}>
            <Button size="small" type="primary" onClick={() => onChooseAll('mine')}>
              {t('filing.overwrite')}
            </Button>
            <Button size="small" onClick={() => onChooseAll('theirs')}>
              {t('filing.useAllTheirs')}
            </Button>
          </Flex>
        }
      />
    );
  }
  return null;
}
