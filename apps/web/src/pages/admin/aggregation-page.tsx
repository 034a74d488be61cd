import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  aggregationExportUrl,
  taskFilingsExportUrl,
  fetchAggregation,
  type AggregateRow,
  type AggregationQuery,
  type AggregationReport,
  type IndicatorTotal,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatCount, formatMoney } from '../../format/number-format';
import { EChart } from '../../components/echart';
import { TaskSelect } from './task-select';
import { formatPeriod } from '../../format/date-format';

function formatGrowth(value: number | null): string {
  return value === null ? '—' : `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
}

/** 汇总: the region's totals, growth, breakdowns and charts; a district row drills down into it. */
export function AggregationPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<Partial<AggregationQuery> & { includeSubmitted: boolean }>({
    includeSubmitted: false,
  });
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const report = useApiQuery(
    (signal) =>
      query.taskId ? fetchAggregation(query as AggregationQuery, signal) : Promise.resolve(undefined),
    [query.taskId, query.regionCode, query.includeSubmitted],
  );
  const data = report.data;
  const onTask = useCallback((taskId: string) => setQuery((current) => ({ ...current, taskId })), []);

  const drillInto = (row: AggregateRow) => {
    if (!data || row.key === data.region.code) return;
    setTrail((current) => [...current, { code: data.region.code, name: data.region.name }]);
    setQuery((current) => ({ ...current, regionCode: row.key }));
  };
  const drillUp = (index: number) => {
    const target = trail[index];
    if (!target) return;
    setTrail((current) => current.slice(0, index));
    setQuery((current) => ({ ...current, regionCode: target.code }));
  };

  const headline = data?.indicators.find((indicator) => indicator.id === data.headlineIds[0]);
  const second = data?.indicators.find((indicator) => indicator.id === data.headlineIds[1]);

  const indicatorColumns: ColumnsType<IndicatorTotal> = [
    { title: t('adminWork.review.code'), dataIndex: 'label', key: 'label', width: 90 },
    { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
    { title: t('adminWork.review.unit'), dataIndex: 'unit', key: 'unit', width: 70 },
    {
      title: t('adminWork.aggregation.total'),
      dataIndex: 'total',
      key: 'total',
      align: 'right',
      width: 140,
      render: (value: number | null) => formatMoney(value),
    },
    {
      title: t('adminWork.aggregation.lastYear'),
      dataIndex: 'lastYear',
      key: 'lastYear',
      align: 'right',
      width: 140,
      render: (value: number | null) => formatMoney(value),
    },
    {
      title: t('adminWork.aggregation.growth'),
      dataIndex: 'growth',
      key: 'growth',
      align: 'right',
      width: 110,
      render: formatGrowth,
    },
    {
      title: t('adminWork.aggregation.sameSetGrowth'),
      dataIndex: 'sameSetGrowth',
      key: 'sameSetGrowth',
      align: 'right',
      width: 130,
      render: formatGrowth,
    },
  ];

  const breakdownColumns = (report: AggregationReport, canDrill: boolean): ColumnsType<AggregateRow> => [
    {
      title: t('adminWork.aggregation.group'),
      dataIndex: 'label',
      key: 'label',
      render: (label: string, row) =>
        canDrill && row.key !== report.region.code ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drillInto(row)}>
            {label}
          </Button>
        ) : (
          label
        ),
    },
    {
      title: t('adminWork.aggregation.filingCount'),
      dataIndex: 'filingCount',
      key: 'filingCount',
      align: 'right',
      width: 90,
      render: (value: number) => formatCount(value),
    },
    ...report.headlineIds.map((id) => {
      const indicator = report.indicators.find((row) => row.id === id);
      return {
        title: indicator ? `${indicator.name}（${indicator.unit ?? ''}）` : id,
        key: id,
        align: 'right' as const,
        width: 180,
        render: (_: unknown, row: AggregateRow) => formatMoney(row.values[id] ?? null),
      };
    }),
  ];

  const districtChart = useMemo(() => {
    if (!data) return null;
    const rows = data.children.length > 0 ? data.children : data.enterprises;
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 20, bottom: 60, top: 50 },
      xAxis: {
        type: 'category',
        data: rows.map((row) => row.label),
        axisLabel: { rotate: rows.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', name: headline?.unit ?? '' },
      series: data.headlineIds.map((id) => ({
        type: 'bar',
        name: data.indicators.find((indicator) => indicator.id === id)?.name ?? id,
        data: rows.map((row) => row.values[id] ?? 0),
      })),
    };
  }, [data, headline]);

  const trendChart = useMemo(() => {
    if (!data) return null;
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 20, bottom: 40, top: 50 },
      xAxis: { type: 'category', data: data.trend.map((point) => formatPeriod(point.period)) },
      yAxis: { type: 'value', name: headline?.unit ?? '' },
      series: data.headlineIds.map((id) => ({
        type: 'line',
        name: data.indicators.find((indicator) => indicator.id === id)?.name ?? id,
        data: data.trend.map((point) => point.values[id] ?? null),
      })),
    };
  }, [data, headline]);

  return (
    <>
      <PageHeader
        title={t('menu.admin.aggregation')}
        extra={
          data && (
            <Space>
              <Button href={aggregationExportUrl(query as AggregationQuery)} data-testid="export-aggregation">
                {t('common.export')} .xlsx
              </Button>
              <Button
                href={taskFilingsExportUrl(query as AggregationQuery)}
                data-testid="export-task-filings"
              >
                {t('adminWork.aggregation.exportDetail')}
              </Button>
            </Space>
          )
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Form layout="inline" className="filter-bar">
            <Form.Item label={t('adminWork.task')} htmlFor="task-select">
              <TaskSelect
                value={query.taskId}
                onChange={(taskId) => {
                  setTrail([]);
                  setQuery((current) => ({ ...current, regionCode: undefined }));
                  onTask(taskId);
                }}
              />
            </Form.Item>
            <Form.Item label={t('adminWork.aggregation.basis')}>
              <Flex align="center" gap={8}>
                <Switch
                  checked={query.includeSubmitted}
                  onChange={(checked) => setQuery((current) => ({ ...current, includeSubmitted: checked }))}
                  aria-label={t('adminWork.aggregation.includeSubmitted')}
                />
                <Typography.Text>
                  {query.includeSubmitted
                    ? t('adminWork.aggregation.includeSubmitted')
                    : t('adminWork.aggregation.approvedOnly')}
                </Typography.Text>
              </Flex>
            </Form.Item>
          </Form>
          {data && (
            <Flex gap={4} align="center" wrap data-testid="aggregation-trail">
              {trail.map((step, index) => (
                <span key={step.code}>
                  <Button type="link" size="small" onClick={() => drillUp(index)}>
                    {step.name}
                  </Button>
                  /
                </span>
              ))}
              <Typography.Text strong>{data.region.name}</Typography.Text>
            </Flex>
          )}
        </Card>
        {report.error ? (
          <ApiErrorAlert error={report.error} onRetry={report.reload} />
        ) : !data ? (
          <Card loading={report.isLoading}>
            <Empty />
          </Card>
        ) : (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={8}>
                <Card className="stat-card">
                  <Statistic
                    title={t('adminWork.aggregation.filingCount')}
                    value={data.filingCount}
                    formatter={(value) => formatCount(Number(value))}
                  />
                </Card>
              </Col>
              {[headline, second].map(
                (indicator) =>
                  indicator && (
                    <Col xs={24} md={8} key={indicator.id}>
                      <Card className="stat-card">
                        <Statistic
                          title={`${indicator.name}（${indicator.unit ?? ''}）`}
                          value={indicator.total ?? 0}
                          formatter={(value) => formatMoney(Number(value))}
                          data-testid={`headline-${indicator.id}`}
                        />
                        <Typography.Text type="secondary">
                          {t('adminWork.aggregation.growth')} {formatGrowth(indicator.growth)} ·{' '}
                          {t('adminWork.aggregation.sameSetGrowth')} {formatGrowth(indicator.sameSetGrowth)}
                        </Typography.Text>
                      </Card>
                    </Col>
                  ),
              )}
            </Row>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card title={t('adminWork.aggregation.byRegionChart')}>
                  {districtChart && <EChart option={districtChart} testId="chart-by-region" />}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t('adminWork.aggregation.trendChart')}>
                  {trendChart && <EChart option={trendChart} testId="chart-trend" />}
                </Card>
              </Col>
            </Row>
            <Card>
              <Tabs
                items={[
                  {
                    key: 'regions',
                    label: t('adminWork.aggregation.byRegion'),
                    children: (
                      <Table<AggregateRow>
                        size="small"
                        rowKey="key"
                        data-testid="aggregation-children"
                        columns={breakdownColumns(data, true)}
                        dataSource={data.children}
                        pagination={false}
                      />
                    ),
                  },
                  {
                    key: 'enterprises',
                    label: t('adminWork.aggregation.byEnterprise'),
                    children: (
                      <Table<AggregateRow>
                        size="small"
                        rowKey="key"
                        columns={breakdownColumns(data, false)}
                        dataSource={data.enterprises}
                        pagination={{ pageSize: 20, hideOnSinglePage: true }}
                      />
                    ),
                  },
                  {
                    key: 'indicators',
                    label: t('adminWork.aggregation.allIndicators'),
                    children: (
                      <Table<IndicatorTotal>
                        size="small"
                        rowKey="id"
                        data-testid="aggregation-indicators"
                        columns={indicatorColumns}
                        dataSource={data.indicators}
                        pagination={false}
                      />
                    ),
                  },
                  ...(['byIndustry', 'bySize', 'byKeyEnterprise'] as const).map((key) => ({
                    key,
                    label: t(`adminWork.aggregation.${key}`),
                    children: (
                      <Table<AggregateRow>
                        size="small"
                        rowKey="key"
                        columns={breakdownColumns(data, false)}
                        dataSource={data[key]}
                        pagination={false}
                      />
                    ),
                  })),
                ]}
              />
            </Card>
          </>
        )}
      </Flex>
    </>
  );
}
