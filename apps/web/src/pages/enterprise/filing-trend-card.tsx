import { Card, Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFilingTrend } from '../../api/enterprise.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { EChart } from '../../components/echart';
import { formatPeriod } from '../../format/date-format';

/** 主要指标趋势: the enterprise's software revenue and profit (万元, bars/line) and headcount (人) as filed. */
export function FilingTrendCard() {
  const { t } = useTranslation();
  const trend = useApiQuery((signal) => fetchFilingTrend(signal), []);
  const option = useMemo(() => {
    const points = trend.data ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: points.map((point) => formatPeriod(point.period)) },
      yAxis: [
        { type: 'value', name: t('filingQuery.trendUnitMoney') },
        { type: 'value', name: t('filingQuery.trendUnitPeople'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('filingQuery.trendSoftwareRevenue'),
          type: 'bar',
          data: points.map((point) => point.softwareRevenue),
        },
        { name: t('filingQuery.trendProfit'), type: 'line', data: points.map((point) => point.profit) },
        {
          name: t('filingQuery.trendHeadcount'),
          type: 'line',
          yAxisIndex: 1,
          data: points.map((point) => point.headcount),
        },
      ],
    };
  }, [trend.data, t]);

  return (
    <Card title={t('filingQuery.trendTitle')} className="section-gap">
      {trend.error ? (
        <ApiErrorAlert error={trend.error} onRetry={trend.reload} />
      ) : (trend.data ?? []).length === 0 && !trend.isLoading ? (
        <Empty description={t('filingQuery.trendEmpty')} />
      ) : (
        <EChart option={option} height={300} testId="filing-trend" />
      )}
    </Card>
  );
}
