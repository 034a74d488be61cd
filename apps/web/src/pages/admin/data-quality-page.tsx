import type { DataQualityFinding, DataQualityKind, DataQualityRun } from '@zhibao/contracts';
import { dataQualityKind } from '@zhibao/contracts';
import { Alert, App, Button, Card, Flex, Input, Progress, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  dataQualityExportUrl,
  fetchDataQualityFindings,
  fetchDataQualityRuns,
  startDataQualityRun,
} from '../../api/data-quality.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { formatCount } from '../../format/number-format';
import { reviewFilingPath } from '../../routes/paths';
import { TaskSelect } from './task-select';

const kindColor: Record<DataQualityKind, string> = {
  'rule-error': 'error',
  warning: 'warning',
  outlier: 'purple',
  'blank-key': 'default',
  'zero-key': 'default',
  'directory-mismatch': 'blue',
};

function RunProgress({ run }: { run: DataQualityRun }) {
  const { t } = useTranslation();
  if (run.status === 'failed') {
    return <Alert type="error" showIcon message={t('dataQuality.failed', { error: run.error ?? '' })} />;
  }
  const percent = run.filingsTotal ? Math.floor((run.filingsDone / run.filingsTotal) * 100) : 0;
  return (
    <Flex vertical gap={4} data-testid="data-quality-progress">
      <Typography.Text>
        {run.status === 'queued'
          ? t('dataQuality.queued', { region: run.regionName })
          : t('dataQuality.running', {
              region: run.regionName,
              done: formatCount(run.filingsDone),
              total: formatCount(run.filingsTotal ?? 0),
            })}
      </Typography.Text>
      <Progress percent={percent} aria-label={t('dataQuality.progress')} />
    </Flex>
  );
}

/** 数据质量检查: every finding of the latest run over the region, filtered and exported, and a new run started. */
export function DataQualityPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [taskId, setTaskId] = useState<string>();
  const [kind, setKind] = useState<DataQualityKind>();
  const [search, setSearch] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [isStarting, setIsStarting] = useState(false);
  const runs = useApiQuery(
    (signal) => (taskId ? fetchDataQualityRuns(taskId, signal) : Promise.resolve(undefined)),
    [taskId],
  );
  const latestRunId = runs.data?.latest?.id;
  const findings = useApiQuery(
    (signal) =>
      taskId
        ? fetchDataQualityFindings({ taskId, kind, search, page, pageSize }, signal)
        : Promise.resolve(undefined),
    [taskId, kind, search, page, pageSize, latestRunId],
  );
  const active = runs.data?.active;
  const isUnderWay = active?.status === 'queued' || active?.status === 'running';
  // While a run is under way its progress is read again every two seconds; the findings follow when it ends.
  useEffect(() => {
    if (!isUnderWay) return;
    const timer = setTimeout(runs.reload, 2000);
    return () => clearTimeout(timer);
  }, [isUnderWay, runs.reload, runs.data]);

  const onTask = useCallback((id: string) => {
    setTaskId(id);
    setPage(1);
  }, []);

  const start = async () => {
    if (!taskId) return;
    setIsStarting(true);
    try {
      await startDataQualityRun(taskId);
      runs.reload();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsStarting(false);
    }
  };

  const counts = findings.data?.countsByKind ?? {};
  const columns: ColumnsType<DataQualityFinding> = [
    {
      title: t('dataQuality.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 120,
      render: (value: DataQualityKind) => (
        <Tag color={kindColor[value]}>{t(`dataQuality.kinds.${value}`)}</Tag>
      ),
    },
    {
      title: t('directory.name'),
      dataIndex: 'enterpriseName',
      key: 'enterpriseName',
      width: 220,
      render: (name: string, row) => <Link to={reviewFilingPath(row.filingId)}>{name}</Link>,
    },
    { title: t('directory.region'), dataIndex: 'regionName', key: 'regionName', width: 110 },
    {
      title: t('dataQuality.cell'),
      key: 'cell',
      width: 110,
      render: (_, row) => [row.key, row.ruleId].filter(Boolean).join(' · '),
    },
    { title: t('dataQuality.message'), dataIndex: 'message', key: 'message' },
    {
      title: t('dataQuality.explanation'),
      dataIndex: 'explanation',
      key: 'explanation',
      width: 200,
      render: (value: string | null, row) =>
        value ??
        (row.kind === 'warning' ? (
          <Typography.Text type="secondary">{t('dataQuality.unexplained')}</Typography.Text>
        ) : (
          ''
        )),
    },
  ];

  const latest = runs.data?.latest;
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('dataQuality.title')} extra={<TaskSelect value={taskId} onChange={onTask} />} />
      {(runs.error ?? findings.error) ? <ApiErrorAlert error={runs.error ?? findings.error} /> : null}
      <Card>
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="center" gap={16} wrap>
            <Typography.Text data-testid="data-quality-latest">
              {latest
                ? t('dataQuality.latest', {
                    region: latest.regionName,
                    at: formatDateTime(latest.finishedAt ?? latest.requestedAt),
                    findings: formatCount(latest.findingCount),
                    filings: formatCount(latest.filingsDone),
                  })
                : t('dataQuality.none')}
            </Typography.Text>
            <Button type="primary" loading={isStarting} disabled={!taskId || isUnderWay} onClick={start}>
              {t('dataQuality.run')}
            </Button>
          </Flex>
          {active && <RunProgress run={active} />}
        </Flex>
      </Card>
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('dataQuality.kind')}
            allowClear
            placeholder={t('dataQuality.allKinds')}
            style={{ width: 220 }}
            value={kind}
            onChange={(value: DataQualityKind | undefined) => {
              setKind(value);
              setPage(1);
            }}
            options={dataQualityKind.options.map((option) => ({
              value: option,
              label: `${t(`dataQuality.kinds.${option}`)}（${formatCount(counts[option] ?? 0)}）`,
            }))}
          />
          <Input.Search
            aria-label={t('dataQuality.search')}
            placeholder={t('dataQuality.search')}
            allowClear
            style={{ width: 280 }}
            onSearch={(value) => {
              setSearch(value.trim() || undefined);
              setPage(1);
            }}
          />
          <Button
            href={taskId ? dataQualityExportUrl({ taskId, kind, search }) : undefined}
            disabled={!taskId}
          >
            {t('dataQuality.export')}
          </Button>
        </Flex>
        <Table
          rowKey={(row) => `${row.filingId}|${row.kind}|${row.key ?? ''}|${row.ruleId ?? ''}|${row.message}`}
          size="small"
          loading={findings.isLoading}
          columns={columns}
          dataSource={findings.data?.findings ?? []}
          pagination={{
            current: page,
            pageSize,
            total: findings.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [50, 100, 200, 500],
            showTotal: (total) => t('dataQuality.total', { total: formatCount(total) }),
            onChange: (next, size) => {
              setPage(size === pageSize ? next : 1);
              setPageSize(size);
            },
          }}
        />
      </Card>
    </Flex>
  );
}
