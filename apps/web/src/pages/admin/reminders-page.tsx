import { App, Button, Card, Flex, Form, Radio, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchCompleteness,
  type CompletenessCounts,
  type CompletenessQuery,
  type CompletenessReport,
} from '../../api/admin.api';
import { sendReminders, type ReminderResult } from '../../api/notice.api';
import { useApiQuery } from '../../api/use-api-query';
import { DataFreshness } from '../../components/data-freshness';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { formatCount } from '../../format/number-format';
import { ExtensionDialog, type ExtensionSubject } from './extension-dialog';
import { filingStatusText } from '../../components/filing-status';
import { ReminderResultDialog } from './reminder-result';
import { TaskSelect } from './task-select';

type ChildRow = CompletenessReport['children'][number];
type EnterpriseRow = CompletenessReport['enterprises'][number];

const countKeys = [
  'expected',
  'submitted',
  'approved',
  'excused',
  'awaitingApplication',
  'notSubmitted',
  'overdue',
] as const;

const completenessFilters = ['all', 'not-submitted', 'overdue', 'submitted', 'awaiting-application'] as const;
const firstPage = { filter: 'all', orderBy: 'region', page: 1, pageSize: 20 } as const;

function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** 催报: 应报/已报/已审/未报/逾期 per division with drill-down to the enterprises, and reminders to non-filers. */
export function RemindersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [taskId, setTaskId] = useState<string>();
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const [regionCode, setRegionCode] = useState<string>();
  const [reminderResult, setReminderResult] = useState<ReminderResult | null>(null);
  const [extending, setExtending] = useState<ExtensionSubject | null>(null);
  // The enterprise list is paged, filtered and sorted by the server; a new region or filter starts on page 1.
  const [listing, setListing] = useState<Omit<CompletenessQuery, 'taskId' | 'regionCode'>>(firstPage);
  const report = useApiQuery(
    (signal) =>
      taskId ? fetchCompleteness({ taskId, regionCode, ...listing }, signal) : Promise.resolve(undefined),
    [taskId, regionCode, listing],
  );
  const data = report.data;
  const showRegion = (code: string | undefined) => {
    setRegionCode(code);
    setListing((current) => ({ ...current, page: 1 }));
  };
  const onTask = useCallback((id: string) => {
    setTaskId(id);
    setTrail([]);
    setRegionCode(undefined);
    setListing(firstPage);
  }, []);

  const remind = async (enterpriseIds?: string[]) => {
    if (!taskId) return;
    try {
      setReminderResult(await sendReminders({ taskId, enterpriseIds }));
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const countColumns = countKeys.map((key) => ({
    title: t(`adminDashboard.${key}`),
    dataIndex: key,
    key,
    width: 80,
    align: 'right' as const,
    render: (value: number) => formatCount(value),
  }));

  const childColumns: ColumnsType<ChildRow> = [
    {
      title: t('directory.region'),
      dataIndex: 'regionName',
      key: 'regionName',
      render: (name: string, row) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => {
            if (data) setTrail((current) => [...current, { code: data.region.code, name: data.region.name }]);
            showRegion(row.regionCode);
          }}
        >
          {name}
        </Button>
      ),
    },
    ...countColumns,
    {
      title: t('adminWork.reminders.onTimeRate'),
      dataIndex: 'onTimeRate',
      key: 'onTimeRate',
      width: 100,
      align: 'right',
      render: formatRate,
    },
    {
      title: t('reviewChains.deadline.overdue'),
      dataIndex: 'reviewOverdue',
      key: 'reviewOverdue',
      width: 90,
      align: 'right',
      render: (value: number) =>
        value > 0 ? (
          <Typography.Text type="danger">{formatCount(value)}</Typography.Text>
        ) : (
          formatCount(value)
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, row) =>
        row.notSubmitted > 0 && (
          <Button
            size="small"
            onClick={() => setExtending({ kind: 'region', regionCode: row.regionCode, name: row.regionName })}
          >
            {t('adminWork.reminders.extension.openRegion')}
          </Button>
        ),
    },
  ];

  const enterpriseColumns: ColumnsType<EnterpriseRow> = [
    { title: t('directory.name'), dataIndex: 'name', key: 'name' },
    { title: t('directory.region'), dataIndex: 'regionName', key: 'regionName', width: 120 },
    {
      title: t('adminWork.reminders.status'),
      key: 'status',
      width: 140,
      render: (_, row) => (
        <>
          <Tag color={row.isOverdue ? 'error' : row.status === 'approved' ? 'success' : 'default'}>
            {filingStatusText(t, row)}
          </Tag>
          {row.isOverdue && <Tag color="error">{t('adminDashboard.overdue')}</Tag>}
          {row.isExcused && <Tag>{t('adminDashboard.excused')}</Tag>}
          {row.isAwaitingApplication && <Tag color="warning">{t('adminDashboard.awaitingApplication')}</Tag>}
          {row.isReviewOverdue && (
            <Tag color="error" title={t('reviewChains.deadline.overdueHint')}>
              {t('reviewChains.deadline.overdue')}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('adminWork.reminders.deadline'),
      dataIndex: 'deadline',
      key: 'deadline',
      width: 170,
      render: (deadline: string, row) => (
        <>
          {formatDateTime(deadline)}{' '}
          {row.isExtended && <Tag color="blue">{t('adminWork.reminders.extended')}</Tag>}
        </>
      ),
    },
    {
      title: t('adminWork.review.submittedAt'),
      dataIndex: 'submittedAt',
      key: 'submittedAt',
      width: 150,
      render: (value: string | null) => formatDateTime(value),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, row) =>
        row.status === 'submitted' || row.status === 'approved' || row.isExcused ? null : (
          <Flex gap={6}>
            <Button size="small" onClick={() => remind([row.enterpriseId])}>
              {t('adminWork.reminders.remind')}
            </Button>
            {!row.isAwaitingApplication && (
              <Button
                size="small"
                onClick={() =>
                  setExtending({
                    kind: 'enterprise',
                    enterpriseId: row.enterpriseId,
                    name: row.name,
                    deadline: row.deadline,
                  })
                }
              >
                {t('adminWork.reminders.extension.open')}
              </Button>
            )}
          </Flex>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('menu.admin.reminders')} />
      <ReminderResultDialog result={reminderResult} onClose={() => setReminderResult(null)} />
      <ExtensionDialog
        taskId={taskId}
        subject={extending}
        onClose={() => setExtending(null)}
        onGranted={() => {
          setExtending(null);
          report.reload();
        }}
      />
      <Flex vertical gap={16}>
        <Card>
          <Form layout="inline" className="filter-bar">
            <Form.Item label={t('adminWork.task')} htmlFor="task-select">
              <TaskSelect value={taskId} onChange={onTask} />
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                onClick={() => remind()}
                disabled={!data || data.totals.notSubmitted === 0}
              >
                {t('adminWork.reminders.remindAll')}
              </Button>
            </Form.Item>
            <Form.Item>
              <Button
                onClick={() =>
                  data &&
                  setExtending({ kind: 'region', regionCode: data.region.code, name: data.region.name })
                }
                disabled={!data || data.region.level === 'nation' || data.totals.notSubmitted === 0}
              >
                {t('adminWork.reminders.extension.openRegion')}
              </Button>
            </Form.Item>
          </Form>
          {data && (
            <Flex gap={4} align="center" wrap>
              {trail.map((step, index) => (
                <span key={step.code}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => {
                      setTrail((current) => current.slice(0, index));
                      showRegion(step.code);
                    }}
                  >
                    {step.name}
                  </Button>
                  /
                </span>
              ))}
              <Typography.Text strong>{data.region.name}</Typography.Text>
              <Typography.Text type="secondary">
                {countKeys
                  .map(
                    (key) =>
                      `${t(`adminDashboard.${key}`)} ${formatCount(data.totals[key as keyof CompletenessCounts] as number)}`,
                  )
                  .join(' · ')}
                {' · '}
                {t('adminWork.reminders.onTimeRate')} {formatRate(data.totals.onTimeRate)}
                {data.reviewDeadline &&
                  ` · ${t('reviewChains.deadline.deadlineOn', { at: formatDateTime(data.reviewDeadline) })}`}
              </Typography.Text>
              {data.totals.reviewOverdue > 0 && (
                <Tag color="error" data-testid="review-overdue-count">
                  {t('reviewChains.deadline.overdueCount', { count: data.totals.reviewOverdue })}
                </Tag>
              )}
            </Flex>
          )}
        </Card>
        <DataFreshness freshness={data?.freshness} />
        {report.error ? (
          <ApiErrorAlert error={report.error} onRetry={report.reload} />
        ) : (
          <>
            {(data?.children.length ?? 0) > 0 && (
              <Card title={t('adminWork.reminders.byRegion')}>
                <Table<ChildRow>
                  size="small"
                  rowKey="regionCode"
                  columns={childColumns}
                  dataSource={data?.children ?? []}
                  pagination={false}
                />
              </Card>
            )}
            <Card title={t('adminWork.reminders.enterprises')}>
              <Form layout="inline" className="filter-bar">
                <Form.Item label={t('adminWork.reminders.show')}>
                  <Radio.Group
                    data-testid="completeness-filter"
                    value={listing.filter}
                    onChange={(event) =>
                      setListing((current) => ({ ...current, filter: event.target.value, page: 1 }))
                    }
                    optionType="button"
                    options={completenessFilters.map((value) => ({
                      value,
                      label: t(`adminWork.reminders.filters.${value}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item label={t('adminWork.review.orderBy')}>
                  <Radio.Group
                    value={listing.orderBy}
                    onChange={(event) =>
                      setListing((current) => ({ ...current, orderBy: event.target.value, page: 1 }))
                    }
                    optionType="button"
                    options={[
                      { value: 'region', label: t('adminWork.reminders.byRegionOrder') },
                      { value: 'submitted-at', label: t('adminWork.reminders.bySubmittedAt') },
                    ]}
                  />
                </Form.Item>
              </Form>
              <Table<EnterpriseRow>
                size="small"
                rowKey="enterpriseId"
                loading={report.isLoading}
                columns={enterpriseColumns}
                dataSource={data?.enterprises ?? []}
                pagination={{
                  current: listing.page,
                  pageSize: listing.pageSize,
                  total: data?.enterpriseTotal ?? 0,
                  hideOnSinglePage: true,
                  showSizeChanger: true,
                  pageSizeOptions: [20, 50, 100],
                  showTotal: (total) => t('common.totalItems', { total: formatCount(total) }),
                  onChange: (page, pageSize) =>
                    setListing((current) => ({
                      ...current,
                      page: pageSize === current.pageSize ? page : 1,
                      pageSize,
                    })),
                }}
              />
            </Card>
          </>
        )}
      </Flex>
    </>
  );
}
