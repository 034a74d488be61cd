import { Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFilingHistory, type HistoryEntry } from '../api/change-request.api';
import { useApiQuery } from '../api/use-api-query';
import { formatDateTime } from '../format/date-format';
import { formatFiledValue } from '../format/cell-value-format';
import { ApiErrorAlert } from './api-error-alert';
import { filingStatusText } from './filing-status';

const actionColor: Record<string, string> = {
  'filing.submit': 'processing',
  'filing.approve': 'success',
  'filing.return': 'error',
  'filing.send-back': 'warning',
  'change-request.apply': 'purple',
  'change-request.grant': 'success',
  'change-request.refuse': 'error',
  'filing.extend': 'cyan',
};

/**
 * A cell value as the forms show it: money-style numbers, a coded answer with its meaning from the filing's
 * edition (once it is known), other text as typed, blank as （空）.
 */
export function useCellValueText(editionId: string | undefined) {
  const { t } = useTranslation();
  return (value: number | string | null, cell: { formId: string; key: string }) =>
    value === null ? t('filingHistory.blank') : formatFiledValue(value, cell, editionId ?? '2021');
}

/** 历史记录: who changed what and when, newest first: status changes, reviews, change requests and each cell. */
export function FilingHistoryPanel({ filingId }: { filingId: string }) {
  const { t } = useTranslation();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const history = useApiQuery((signal) => fetchFilingHistory(filingId, paging, signal), [filingId, paging]);
  const valueText = useCellValueText(history.data?.editionId);

  if (history.error) return <ApiErrorAlert error={history.error} onRetry={history.reload} />;

  const actionLabel = (action: string) =>
    t(`filingHistory.action.${action.replace(/[.-]/g, '_')}` as 'filingHistory.action.filing_save', {
      defaultValue: action,
    });

  const columns: ColumnsType<HistoryEntry> = [
    { title: t('filingHistory.at'), key: 'at', width: 150, render: (_, entry) => formatDateTime(entry.at) },
    { title: t('filingHistory.actor'), dataIndex: 'actorName', key: 'actor', width: 120 },
    {
      title: t('filingHistory.event'),
      key: 'event',
      width: 120,
      render: (_, entry) => (
        <>
          <Tag color={actionColor[entry.action]}>{actionLabel(entry.action)}</Tag>
          {entry.takenOverBy && (
            <Tag color="purple">{t(`filingHistory.takenOverBy.${entry.takenOverBy}`)}</Tag>
          )}
        </>
      ),
    },
    {
      title: t('filingHistory.detail'),
      key: 'detail',
      render: (_, entry) =>
        entry.cell ? (
          <span data-testid="history-value-change">
            <Typography.Text strong>{entry.cell.label}</Typography.Text> {entry.cell.name}
            {entry.cell.unit ? `（${entry.cell.unit}）` : ''}：{valueText(entry.before, entry.cell)} →{' '}
            <Typography.Text strong>{valueText(entry.after, entry.cell)}</Typography.Text>
          </span>
        ) : (
          <span>
            {stateChange(entry)}
            {entry.extension ? (
              <span data-testid="history-extension">
                {t(entry.extension.region ? 'filingHistory.extensionRegion' : 'filingHistory.extension', {
                  until: formatDateTime(entry.extension.until),
                  region: entry.extension.region?.name ?? '',
                })}
              </span>
            ) : null}
            {entry.reason ? (
              <Typography.Text type="secondary">
                {' '}
                {t('filingHistory.reason', { reason: entry.reason })}
              </Typography.Text>
            ) : null}
            {entry.cellComments.map((comment) => (
              <Typography.Text
                key={`${comment.formId}.${comment.key}`}
                className="history-detail-line"
                data-testid="history-cell-comment"
              >
                {t('filingHistory.cellComment', {
                  cell: `${comment.label} ${comment.name}`,
                  comment: comment.comment,
                })}
              </Typography.Text>
            ))}
            {entry.explanationVerdicts.map((verdict) => (
              <Typography.Text
                key={verdict.ruleId}
                className="history-detail-line"
                data-testid="history-verdict"
              >
                {t(`filingHistory.verdict.${verdict.verdict}`, { rule: verdict.ruleId })}
              </Typography.Text>
            ))}
          </span>
        ),
    },
    { title: t('filingHistory.ip'), dataIndex: 'ip', key: 'ip', width: 130 },
  ];

  // 已上报至县级 → 已退回, in the interface language; one state alone when it did not change.
  const stateChange = (entry: HistoryEntry) => {
    const from = entry.statusFrom && filingStatusText(t, entry.statusFrom);
    const to = entry.statusTo && filingStatusText(t, entry.statusTo);
    return from && to && from !== to ? `${from} → ${to}` : (to ?? '');
  };

  const revisions = history.data?.revisions ?? [];
  return (
    <Flex vertical gap={8}>
      {revisions.length > 0 ? (
        <Typography.Text type="secondary" data-testid="history-revisions">
          {t('filingHistory.revisions', {
            list: revisions
              .map((revision) =>
                t('filingHistory.compare.revision', {
                  no: revision.revisionNo,
                  at: formatDateTime(revision.submittedAt),
                  by: revision.submittedBy ?? '',
                }),
              )
              .join('、'),
          })}
        </Typography.Text>
      ) : null}
      <Table<HistoryEntry>
        size="small"
        rowKey="id"
        data-testid="filing-history"
        columns={columns}
        dataSource={history.data?.items ?? []}
        loading={history.isLoading}
        locale={{ emptyText: t('filingHistory.empty') }}
        scroll={{ x: 800 }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: history.data?.total ?? 0,
          hideOnSinglePage: true,
          showTotal: (total) => t('filingHistory.total', { total }),
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
    </Flex>
  );
}
