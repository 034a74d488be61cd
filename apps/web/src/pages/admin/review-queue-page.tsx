import { App, Button, Card, Flex, Form, Input, Radio, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  approveCleanFilings,
  fetchReviewQueue,
  type ReviewQueueFilter,
  type ReviewQueueItem,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime, formatPeriod } from '../../format/date-format';
import { formatCount, formatMoney, formatRatio } from '../../format/number-format';
import { reviewFilingPath } from '../../routes/paths';
import { useSession } from '../../session/session-context';
import { RegionPassUpCard } from './region-pass-up-card';
import { ReviewProgressCard } from './review-progress-card';
import { TaskSelect } from './task-select';

/** 审核: the filings waiting for this level in the region, bulk approval of clean ones, and the region's pass-up. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { state } = useSession();
  const adminLevel = state.status === 'authenticated' ? state.user.adminLevel : null;
  // The server pages, filters and sorts the queue; any change of filter starts again on the first page.
  const [filter, setFilter] = useState<ReviewQueueFilter>({
    findings: 'all',
    orderBy: 'submitted-at',
    page: 1,
    pageSize: 20,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const queue = useApiQuery((signal) => fetchReviewQueue(filter, signal), [filter]);
  const onTask = useCallback(
    (taskId: string) => setFilter((current) => ({ ...current, taskId, page: 1 })),
    [],
  );

  const reload = queue.reload;

  const bulkApprove = async () => {
    try {
      const result = await approveCleanFilings(selected);
      setSelected([]);
      reload();
      if (result.skipped.length === 0) {
        message.success(t('adminWork.review.bulkDone', { count: result.approved.length }));
      } else {
        modal.info({
          title: t('adminWork.review.bulkPartly', { count: result.approved.length }),
          content: (
            <ul>
              {result.skipped.map((item) => (
                <li key={item.filingId}>
                  {item.enterpriseName ?? item.filingId}：{item.reason}
                </li>
              ))}
            </ul>
          ),
        });
      }
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const columns: ColumnsType<ReviewQueueItem> = [
    {
      title: t('directory.name'),
      dataIndex: 'enterpriseName',
      key: 'enterpriseName',
      render: (name: string, item) => (
        <Space direction="vertical" size={0}>
          <Link to={reviewFilingPath(item.filingId)}>{name}</Link>
          <Typography.Text type="secondary" className="code-text">
            {item.uscc}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('directory.region'), dataIndex: 'regionName', key: 'regionName', width: 110 },
    {
      title: t('task.period'),
      dataIndex: 'period',
      key: 'period',
      render: (_, row) => formatPeriod(row.period),
      width: 110,
    },
    {
      title: t('adminWork.review.submittedAt'),
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      width: 150,
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('reviewChains.deadline.reviewDeadline'),
      dataIndex: 'reviewDeadline',
      key: 'reviewDeadline',
      width: 160,
      render: (value: string | null, item) => (
        <Space direction="vertical" size={0}>
          {formatDateTime(value)}
          {item.isReviewOverdue && (
            <Tooltip title={t('reviewChains.deadline.overdueHint')}>
              <Tag color="error">{t('reviewChains.deadline.overdue')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('adminWork.review.findings'),
      key: 'findings',
      width: 170,
      render: (_, item) =>
        item.isClean ? (
          <Tag color="success">{t('adminWork.review.clean')}</Tag>
        ) : (
          <Space size={4} wrap>
            {item.errorCount > 0 && (
              <Tag color="error">{t('adminWork.review.errors', { count: item.errorCount })}</Tag>
            )}
            {item.warningCount > 0 && (
              <Tag color="warning">{t('adminWork.review.warnings', { count: item.warningCount })}</Tag>
            )}
          </Space>
        ),
    },
    {
      title: t('adminWork.review.headline'),
      dataIndex: 'headlineValue',
      key: 'headlineValue',
      width: 130,
      align: 'right',
      render: (value: number | null) => formatMoney(value),
    },
    {
      title: <Tooltip title={t('adminWork.review.scoreHint')}>{t('adminWork.review.score')}</Tooltip>,
      dataIndex: 'score',
      key: 'score',
      width: 110,
      align: 'right',
      render: (value: number | null, item) => (
        <Space direction="vertical" size={0} align="end">
          <span data-testid="review-score">
            {value === null ? (
              <Tooltip title={t('adminWork.review.scoreOnlyByScore')}>—</Tooltip>
            ) : (
              formatRatio(value)
            )}
          </span>
          {item.isAcceptedAsIs && (
            <Tooltip title={t('adminWork.review.acceptedAsIsHint')}>
              <Tag color="default">{t('adminWork.review.acceptedAsIs')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('adminWork.review.signals'),
      dataIndex: 'integritySignals',
      key: 'signals',
      width: 90,
      render: (signals: string[]) =>
        signals.length > 0 ? (
          <Tooltip title={signals.join('；')}>
            <Tag color="purple">{t('adminWork.review.proxySuspected')}</Tag>
          </Tooltip>
        ) : null,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_, item) => <Link to={reviewFilingPath(item.filingId)}>{t('adminWork.review.open')}</Link>,
    },
  ];

  return (
    <>
      <PageHeader title={t('menu.admin.review')} />
      <Flex vertical gap={16}>
        <Card>
          <Form layout="inline" className="filter-bar" role="search">
            <Form.Item label={t('adminWork.task')} htmlFor="task-select">
              <TaskSelect value={filter.taskId} onChange={onTask} />
            </Form.Item>
            <Form.Item label={t('directory.keyword')} htmlFor="review-keyword">
              <Input.Search
                id="review-keyword"
                allowClear
                enterButton={t('common.query')}
                onSearch={(keyword) =>
                  setFilter((current) => ({ ...current, keyword: keyword.trim(), page: 1 }))
                }
                style={{ width: 280 }}
              />
            </Form.Item>
            <Form.Item label={t('adminWork.review.findings')}>
              <Radio.Group
                value={filter.findings}
                onChange={(event) =>
                  setFilter((current) => ({ ...current, findings: event.target.value, page: 1 }))
                }
                optionType="button"
                options={[
                  { value: 'all', label: t('adminWork.review.all') },
                  { value: 'clean', label: t('adminWork.review.clean') },
                  { value: 'with-findings', label: t('adminWork.review.withFindings') },
                ]}
              />
            </Form.Item>
            <Form.Item label={t('adminWork.review.orderBy')}>
              <Radio.Group
                value={filter.orderBy}
                onChange={(event) =>
                  setFilter((current) => ({ ...current, orderBy: event.target.value, page: 1 }))
                }
                optionType="button"
                options={[
                  { value: 'submitted-at', label: t('adminWork.review.bySubmittedAt') },
                  { value: 'score', label: t('adminWork.review.byScore') },
                ]}
              />
            </Form.Item>
          </Form>
          {queue.error ? (
            <ApiErrorAlert error={queue.error} onRetry={queue.reload} />
          ) : (
            <Table<ReviewQueueItem>
              rowKey="filingId"
              columns={columns}
              dataSource={queue.data?.items ?? []}
              loading={queue.isLoading}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
              pagination={{
                current: filter.page,
                pageSize: filter.pageSize,
                total: queue.data?.total ?? 0,
                hideOnSinglePage: true,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                onChange: (page, pageSize) =>
                  setFilter((current) => ({
                    ...current,
                    page: pageSize === current.pageSize ? page : 1,
                    pageSize,
                  })),
              }}
              // No scroll.x: antd's width-measuring row would copy the select-all checkbox into an aria-hidden
              // row, where it stays focusable (axe: aria-hidden-focus); the wrapper scrolls instead.
              className="table-scroll-x"
              title={() => (
                <Flex justify="space-between" align="center">
                  <Typography.Text>
                    {t('common.totalItems', { total: formatCount(queue.data?.total ?? 0) })}
                  </Typography.Text>
                  <Button type="primary" disabled={selected.length === 0} onClick={bulkApprove}>
                    {t('adminWork.review.bulkApprove')}
                  </Button>
                </Flex>
              )}
            />
          )}
        </Card>
        {queue.data?.progress.map((progress) => (
          <ReviewProgressCard
            key={`${progress.taskId}-${progress.stopThreshold}`}
            progress={progress}
            onSaved={queue.reload}
          />
        ))}
        {filter.taskId && adminLevel && <RegionPassUpCard taskId={filter.taskId} onChanged={queue.reload} />}
      </Flex>
    </>
  );
}
