import { Alert, Empty, Flex, Select, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { compareRevisions, fetchFilingHistory, type CellComparison } from '../api/change-request.api';
import { useApiQuery } from '../api/use-api-query';
import { formatDateTime } from '../format/date-format';
import { formatMoney } from '../format/number-format';
import { ApiErrorAlert } from './api-error-alert';
import { useCellValueText } from './filing-history-panel';

/** 版本对比: two submitted versions of a filing side by side, the differing cells by default, all on demand. */
export function RevisionCompare({ filingId }: { filingId: string }) {
  const { t } = useTranslation();
  // The revisions (and the filing's edition) come with the history; one row of it is enough to learn them.
  const history = useApiQuery(
    (signal) => fetchFilingHistory(filingId, { page: 1, pageSize: 1 }, signal),
    [filingId],
  );
  const valueText = useCellValueText(history.data?.editionId);
  const [chosen, setChosen] = useState<{ from?: number; to?: number }>({});
  const [isShowingAll, setIsShowingAll] = useState(false);
  const list = history.data?.revisions ?? [];
  const from = chosen.from ?? list.at(-2)?.revisionNo;
  const to = chosen.to ?? list.at(-1)?.revisionNo;
  const comparison = useApiQuery(
    (signal) =>
      from !== undefined && to !== undefined
        ? compareRevisions(filingId, { from, to }, signal)
        : Promise.resolve(null),
    [filingId, from, to],
  );

  if (history.error) return <ApiErrorAlert error={history.error} onRetry={history.reload} />;
  if (history.data && list.length < 2) {
    return <Empty description={t('filingHistory.compare.needTwo', { count: list.length })} />;
  }

  const options = list.map((revision) => ({
    value: revision.revisionNo,
    label: t('filingHistory.compare.revision', {
      no: revision.revisionNo,
      at: formatDateTime(revision.submittedAt),
      by: revision.submittedBy ?? '',
    }),
  }));
  const cells = comparison.data?.cells ?? [];
  const changed = cells.filter((cell) => cell.isChanged);

  const columns: ColumnsType<CellComparison> = [
    { title: t('filingHistory.compare.code'), dataIndex: 'label', key: 'label', width: 90 },
    { title: t('filingHistory.compare.indicator'), dataIndex: 'name', key: 'name' },
    {
      title: t('filingHistory.compare.before'),
      key: 'before',
      align: 'right',
      width: 140,
      render: (_, cell) => valueText(cell.before, cell),
    },
    {
      title: t('filingHistory.compare.after'),
      key: 'after',
      align: 'right',
      width: 140,
      render: (_, cell) =>
        cell.isChanged ? (
          <Typography.Text strong>{valueText(cell.after, cell)}</Typography.Text>
        ) : (
          valueText(cell.after, cell)
        ),
    },
    {
      title: t('filingHistory.compare.difference'),
      key: 'difference',
      align: 'right',
      width: 120,
      render: (_, cell) =>
        cell.difference === null || cell.difference === 0 ? (
          ''
        ) : (
          <Typography.Text type={cell.difference > 0 ? 'success' : 'danger'}>
            {cell.difference > 0 ? '+' : ''}
            {formatMoney(cell.difference)}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap align="center">
        <span>{t('filingHistory.compare.from')}</span>
        <Select
          data-testid="compare-from"
          style={{ minWidth: 260 }}
          value={from}
          options={options}
          onChange={(value: number) => setChosen((current) => ({ ...current, from: value }))}
        />
        <span>{t('filingHistory.compare.to')}</span>
        <Select
          data-testid="compare-to"
          style={{ minWidth: 260 }}
          value={to}
          options={options}
          onChange={(value: number) => setChosen((current) => ({ ...current, to: value }))}
        />
        <Flex gap={6} align="center">
          <Switch
            size="small"
            checked={isShowingAll}
            onChange={setIsShowingAll}
            data-testid="compare-show-all"
          />
          {t('filingHistory.compare.showAll')}
        </Flex>
      </Flex>
      {comparison.error ? <ApiErrorAlert error={comparison.error} onRetry={comparison.reload} /> : null}
      {comparison.data && changed.length === 0 ? (
        <Alert type="info" showIcon title={t('filingHistory.compare.noChanges')} />
      ) : comparison.data ? (
        <Typography.Text type="secondary">
          {t('filingHistory.compare.changedCount', { count: changed.length })}
        </Typography.Text>
      ) : null}
      <Table<CellComparison>
        size="small"
        data-testid="revision-compare"
        rowKey={(cell) => `${cell.formId}.${cell.key}`}
        columns={columns}
        dataSource={isShowingAll ? cells : changed}
        loading={comparison.isLoading}
        pagination={false}
        scroll={{ x: 700 }}
      />
    </Flex>
  );
}
