import { Card, Col, Descriptions, Empty, Row, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import {
  fetchAggregationAnalysis,
  type AggregationAnalysis,
  type AggregationQuery,
  type RankedEnterprise,
  type RankedRegion,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatCount, formatGrowth, formatMoney, formatShare } from '../../format/number-format';

type MonthIndicator = NonNullable<AggregationAnalysis['monthOnMonth']>['indicators'][number];

/** 分析: 应报/已报/已审, the divisions and the top enterprises ranked, and 环比 of a monthly report. */
export function AggregationAnalysisCard({
  query,
}: {
  query: Pick<AggregationQuery, 'taskId' | 'regionCode' | 'includeSubmitted'>;
}) {
  const { t } = useTranslation();
  const analysis = useApiQuery(
    (signal) => fetchAggregationAnalysis(query, signal),
    [query.taskId, query.regionCode, query.includeSubmitted],
  );
  const data = analysis.data;
  if (analysis.error) return <ApiErrorAlert error={analysis.error} onRetry={analysis.reload} />;
  if (!data) return <Card loading={analysis.isLoading} />;
  const unit = data.headline.unit ?? '';
  const money = (title: string, key: 'total' | 'lastYear') => ({
    title,
    dataIndex: key,
    key,
    align: 'right' as const,
    render: (value: number | null) => formatMoney(value),
  });
  const percent = (title: string, key: 'growth' | 'contribution' | 'sameSetGrowth') => ({
    title,
    dataIndex: key,
    key,
    align: 'right' as const,
    render: formatGrowth,
  });
  const regionColumns: ColumnsType<RankedRegion> = [
    { title: t('adminWork.analysis.rank'), key: 'rank', width: 60, render: (_, __, index) => index + 1 },
    { title: t('adminWork.aggregation.group'), dataIndex: 'name', key: 'name' },
    money(`${data.headline.name}（${unit}）`, 'total'),
    money(t('adminWork.aggregation.lastYear'), 'lastYear'),
    percent(t('adminWork.aggregation.growth'), 'growth'),
    percent(t('adminWork.aggregation.sameSetGrowth'), 'sameSetGrowth'),
    percent(t('adminWork.analysis.contribution'), 'contribution'),
    {
      title: t('adminWork.analysis.share'),
      dataIndex: 'share',
      key: 'share',
      align: 'right',
      render: (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}%`),
    },
    {
      title: t('adminWork.analysis.coverage'),
      key: 'coverage',
      align: 'right',
      render: (_, row) =>
        t('adminWork.analysis.coverageCell', {
          expected: formatCount(row.coverage.expected),
          submitted: formatCount(row.coverage.submitted),
          approved: formatCount(row.coverage.approved),
        }),
    },
  ];
  const enterpriseColumns: ColumnsType<RankedEnterprise> = [
    { title: t('adminWork.analysis.rank'), key: 'rank', width: 60, render: (_, __, index) => index + 1 },
    { title: t('adminWork.analysis.enterprise'), dataIndex: 'name', key: 'name' },
    { title: t('adminWork.analysis.region'), dataIndex: 'regionName', key: 'regionName', width: 120 },
    money(`${data.headline.name}（${unit}）`, 'total'),
    money(t('adminWork.aggregation.lastYear'), 'lastYear'),
    percent(t('adminWork.aggregation.growth'), 'growth'),
    percent(t('adminWork.analysis.contribution'), 'contribution'),
  ];
  const monthColumns: ColumnsType<MonthIndicator> = [
    { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
    { title: t('adminWork.review.unit'), dataIndex: 'unit', key: 'unit', width: 70 },
    {
      title: `${t('adminWork.analysis.thisMonth')}${
        data.monthOnMonth?.isProvisional ? `（${t('adminWork.analysis.provisional')}）` : ''
      }`,
      dataIndex: 'month',
      key: 'month',
      align: 'right',
      render: (value: number | null) => formatMoney(value),
    },
    {
      title: t('adminWork.analysis.previousMonth', { period: data.monthOnMonth?.previousPeriodLabel ?? '' }),
      dataIndex: 'previousMonth',
      key: 'previousMonth',
      align: 'right',
      render: (value: number | null) => formatMoney(value),
    },
    {
      title: t('adminWork.analysis.monthOnMonth'),
      dataIndex: 'growth',
      key: 'growth',
      align: 'right',
      render: formatGrowth,
    },
  ];
  const { coverage } = data;
  return (
    <Card title={t('adminWork.analysis.title')} data-testid="aggregation-analysis">
      <Descriptions size="small" column={{ xs: 1, md: 4 }} data-testid="aggregation-coverage">
        <Descriptions.Item label={t('adminWork.analysis.expected')}>
          {formatCount(coverage.expected)}
        </Descriptions.Item>
        <Descriptions.Item label={t('adminWork.analysis.submitted')}>
          {formatCount(coverage.submitted)}（{formatShare(coverage.submitted, coverage.expected)}）
        </Descriptions.Item>
        <Descriptions.Item label={t('adminWork.analysis.approved')}>
          {formatCount(coverage.approved)}（{formatShare(coverage.approved, coverage.expected)}）
        </Descriptions.Item>
        {coverage.awaitingApplication > 0 && (
          <Descriptions.Item label={t('adminDashboard.awaitingApplication')}>
            {formatCount(coverage.awaitingApplication)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('adminWork.analysis.comparison')}>
          {data.comparisonPeriodLabel ?? t('adminWork.analysis.noComparison')}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[16, 16]}>
        {data.regionRanking.length > 0 && (
          <Col span={24}>
            <Typography.Title level={5}>{t('adminWork.analysis.regionRanking')}</Typography.Title>
            <Table<RankedRegion>
              size="small"
              rowKey="code"
              data-testid="region-ranking"
              columns={regionColumns}
              dataSource={data.regionRanking}
              pagination={false}
            />
          </Col>
        )}
        <Col span={24}>
          <Typography.Title level={5}>{t('adminWork.analysis.enterpriseRanking')}</Typography.Title>
          <Tabs
            items={(['byTotal', 'byGrowth', 'byContribution'] as const).map((key) => ({
              key,
              label: t(`adminWork.analysis.${key}`),
              children: (
                <Table<RankedEnterprise>
                  size="small"
                  rowKey="enterpriseId"
                  data-testid={`enterprise-ranking-${key}`}
                  columns={enterpriseColumns}
                  dataSource={data.enterpriseRanking[key]}
                  pagination={false}
                  locale={{ emptyText: <Empty description={t('adminWork.analysis.noRanking')} /> }}
                />
              ),
            }))}
          />
        </Col>
        {data.monthOnMonth && (
          <Col span={24}>
            <Typography.Title level={5}>
              {t('adminWork.analysis.monthOnMonthTitle')}
              {data.monthOnMonth.isProvisional && `（${t('adminWork.analysis.provisional')}）`}
            </Typography.Title>
            <Typography.Paragraph type="secondary" data-testid="month-on-month-basis">
              {t('adminWork.analysis.monthOnMonthSameSet', {
                count: formatCount(data.monthOnMonth.sameSetCount),
              })}
              {data.monthOnMonth.isProvisional && t('adminWork.analysis.monthOnMonthProvisional')}
              {t('adminWork.analysis.monthOnMonthNote')}
            </Typography.Paragraph>
            <Table<MonthIndicator>
              size="small"
              rowKey="id"
              data-testid="month-on-month"
              columns={monthColumns}
              dataSource={data.monthOnMonth.indicators}
              pagination={false}
            />
          </Col>
        )}
      </Row>
    </Card>
  );
}
