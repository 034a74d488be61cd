import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Radio,
  Row,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  aggregationExportUrl,
  officialSummaryUrl,
  regionBriefingUrl,
  taskFilingsExportUrl,
  fetchAggregation,
  type AggregateRow,
  type AggregationQuery,
  type AggregationReport,
  type EstimationMethodCode,
  type IndicatorTotal,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { DataFreshness } from '../../components/data-freshness';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatCount, formatGrowth, formatMoney, formatShare } from '../../format/number-format';
import { EChart } from '../../components/echart';
import { AggregationAnalysisCard } from './aggregation-analysis-card';
import { PublicationTab } from './publication-tab';
import { TaskSelect } from './task-select';
import { formatMoment, formatPeriod } from '../../format/date-format';

/** 汇总: the region's totals, growth, breakdowns and charts; a district row drills down into it. */
export function AggregationPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<
    Partial<AggregationQuery> & Pick<AggregationQuery, 'includeSubmitted' | 'basis'>
  >({ includeSubmitted: false, basis: 'reported' });
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const report = useApiQuery(
    (signal) =>
      query.taskId ? fetchAggregation(query as AggregationQuery, signal) : Promise.resolve(undefined),
    [query.taskId, query.regionCode, query.includeSubmitted, query.basis],
  );
  const data = report.data;
  const hasDivisions = (data?.children.length ?? 0) > 0;
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
  // The task's own period while its filing window is open: the headline grows until the deadline.
  const openPeriod = data?.trend.find(
    (point) => point.periodLabel === data.task.periodLabel && point.isProvisional,
  );

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
    ...(data?.basis === 'with-estimates'
      ? [
          {
            title: t('adminWork.aggregation.estimatedPart'),
            dataIndex: 'estimatedTotal',
            key: 'estimatedTotal',
            align: 'right' as const,
            width: 130,
            render: (value: number | null) => formatMoney(value),
          },
        ]
      : []),
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
          <>
            {label}
            {row.isEstimated && (
              <Tag className="estimated-tag">{t('adminWork.aggregation.estimatedTag')}</Tag>
            )}
          </>
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
    ...(report.basis === 'with-estimates'
      ? [
          {
            title: t('adminWork.aggregation.estimatedShare'),
            key: 'estimatedShare',
            align: 'right' as const,
            width: 100,
            render: (_: unknown, row: AggregateRow) => {
              const id = report.headlineIds[0]!;
              return row.estimatedValues
                ? formatShare(row.estimatedValues[id] ?? 0, row.values[id] ?? 0)
                : '';
            },
          },
        ]
      : []),
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

  // A period whose filing window is still open is drawn dashed, apart from the final ones: its totals are partial.
  const trendChart = useMemo(() => {
    if (!data) return null;
    const lastFinal = data.trend.findLastIndex((point) => !point.isProvisional);
    const hasProvisional = lastFinal < data.trend.length - 1;
    const labels = data.trend.map(
      (point) =>
        `${formatPeriod(point.period)}${point.isProvisional ? `（${t('adminWork.analysis.provisional')}）` : ''}`,
    );
    return {
      animation: false,
      tooltip: {
        trigger: 'axis',
        formatter: (
          params: Array<{ dataIndex: number; seriesName: string; value: number | null; marker: string }>,
        ) => {
          const point = data.trend[params[0]?.dataIndex ?? 0];
          if (!point) return '';
          const lines = params
            .filter((param) => param.value !== null && param.value !== undefined)
            .map((param) => `${param.marker}${param.seriesName} ${formatMoney(param.value)}`);
          const coverage = t('adminWork.analysis.trendTooltip', {
            filed: formatCount(point.filingCount),
            expected: formatCount(point.expectedCount),
          });
          return [labels[params[0]!.dataIndex], ...new Set(lines), coverage].join('<br/>');
        },
      },
      legend: { top: 0 },
      grid: { left: 70, right: 20, bottom: 40, top: 50 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', name: headline?.unit ?? '' },
      series: data.headlineIds.flatMap((id) => {
        const name = data.indicators.find((indicator) => indicator.id === id)?.name ?? id;
        const values = data.trend.map((point) => point.values[id] ?? null);
        return [
          { type: 'line', name, data: values.map((value, index) => (index <= lastFinal ? value : null)) },
          {
            type: 'line',
            name,
            lineStyle: { type: 'dashed' },
            itemStyle: { opacity: 0.5 },
            // Joined to the last final period, so the open one reads as its continuation.
            data: values.map((value, index) => (hasProvisional && index >= lastFinal ? value : null)),
          },
        ];
      }),
    };
  }, [data, headline, t]);

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
              <Button href={officialSummaryUrl(query as AggregationQuery)} data-testid="export-summary-table">
                {t('adminWork.aggregation.summaryTable')}
              </Button>
              <Button
                href={officialSummaryUrl(query as AggregationQuery, 'pdf')}
                data-testid="export-summary-table-pdf"
              >
                {t('adminWork.aggregation.summaryTablePdf')}
              </Button>
              <Button
                href={regionBriefingUrl(query as AggregationQuery)}
                data-testid="export-region-briefing"
              >
                {t('adminWork.aggregation.briefingPdf')}
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
            <Form.Item>
              <Radio.Group
                value={query.basis}
                onChange={(event) => setQuery((current) => ({ ...current, basis: event.target.value }))}
                optionType="button"
                data-testid="aggregation-estimates-basis"
                options={[
                  { value: 'reported', label: t('adminWork.aggregation.reportedOnly') },
                  { value: 'with-estimates', label: t('adminWork.aggregation.withEstimates') },
                ]}
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
        <DataFreshness freshness={data?.freshness} />
        {report.error ? (
          <ApiErrorAlert error={report.error} onRetry={report.reload} />
        ) : !data ? (
          <Card loading={report.isLoading}>
            <Empty />
          </Card>
        ) : (
          <>
            {data.estimation && headline && (
              <Alert
                type="info"
                data-testid="estimated-share"
                message={
                  <>
                    {t('adminWork.aggregation.estimationSummary', {
                      count: data.estimation.estimatedCount,
                      respondents: data.estimation.respondentCount,
                      name: headline.name,
                      share: formatShare(headline.estimatedTotal ?? 0, headline.total ?? 0),
                    })}
                    {/* The estimates are recomputed in the background after the data change: say how fresh they
                        are, and that those of enterprises that have filed since are already left out. */}
                    <Typography.Text
                      type="secondary"
                      style={{ marginInlineStart: 12 }}
                      data-testid="estimation-freshness"
                    >
                      {data.estimation.filedSinceCount > 0
                        ? t('adminWork.aggregation.estimatedAtFiledSince', {
                            time: formatMoment(data.estimation.computedAt),
                            count: data.estimation.filedSinceCount,
                          })
                        : t('adminWork.aggregation.estimatedAt', {
                            time: formatMoment(data.estimation.computedAt),
                          })}
                    </Typography.Text>
                  </>
                }
                description={
                  <>
                    {t('adminWork.aggregation.estimationMethodNote')}
                    {(
                      Object.entries(data.estimation.methodCounts) as Array<[EstimationMethodCode, number]>
                    ).map(([method, count]) => (
                      <Tag key={method} style={{ marginInlineStart: 8 }}>
                        {t(`adminWork.aggregation.methods.${method}`)} {count}
                      </Tag>
                    ))}
                  </>
                }
              />
            )}
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
              {openPeriod && (
                <Col span={24}>
                  <Alert
                    type="warning"
                    showIcon
                    data-testid="provisional-headline"
                    title={t(
                      // 含推算 totals hold an estimate for each enterprise not yet counted: the growth is not
                      // "filed only" there, it changes as estimates give way to filings.
                      data.basis === 'with-estimates'
                        ? 'adminWork.aggregation.provisionalHeadlineWithEstimates'
                        : 'adminWork.aggregation.provisionalHeadline',
                      { filed: openPeriod.filingCount, expected: openPeriod.expectedCount },
                    )}
                  />
                </Col>
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
            <AggregationAnalysisCard
              query={{
                taskId: data.task.id,
                regionCode: data.region.code,
                includeSubmitted: data.includeSubmitted,
              }}
            />
            <Card>
              {/* A district has no divisions below it: its page opens on its enterprises instead of an empty 分地区. */}
              <Tabs
                key={hasDivisions ? 'regions' : 'enterprises'}
                defaultActiveKey={hasDivisions ? 'regions' : 'enterprises'}
                items={[
                  ...(hasDivisions
                    ? [
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
                      ]
                    : []),
                  {
                    key: 'enterprises',
                    label: t('adminWork.aggregation.byEnterprise'),
                    children: (
                      <Table<AggregateRow>
                        size="small"
                        rowKey="key"
                        data-testid="aggregation-enterprises"
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
                      <Flex vertical gap={8}>
                        {/* A monthly report carries no size of its own (an annual one has B16): say where it comes from. */}
                        {key === 'bySize' && (
                          <Typography.Text type="secondary" data-testid="aggregation-size-basis">
                            {t(
                              data.task.periodType === 'year'
                                ? 'adminWork.aggregation.sizeBasisAnnual'
                                : 'adminWork.aggregation.sizeBasisMonthly',
                            )}
                          </Typography.Text>
                        )}
                        <Table<AggregateRow>
                          size="small"
                          rowKey="key"
                          columns={breakdownColumns(data, false)}
                          dataSource={data[key]}
                          pagination={false}
                        />
                      </Flex>
                    ),
                  })),
                  {
                    key: 'publication',
                    label: t('adminWork.aggregation.publication'),
                    children: (
                      <PublicationTab query={{ taskId: data.task.id, regionCode: data.region.code }} />
                    ),
                  },
                ]}
              />
            </Card>
          </>
        )}
      </Flex>
    </>
  );
}
