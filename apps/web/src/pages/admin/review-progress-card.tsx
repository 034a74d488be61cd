import { App, Button, Card, Flex, InputNumber, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveStopThreshold, type ReviewProgress } from '../../api/admin.api';
import { describeError } from '../../components/api-error-alert';
import { EChart } from '../../components/echart';
import { formatRatio } from '../../format/number-format';

/**
 * 选择性审核进度: after reviewing k filings in score order, the largest possible error left in the region's total
 * (a step line down to 0), the stop threshold as a line, and the threshold's setting.
 */
export function ReviewProgressCard({ progress, onSaved }: { progress: ReviewProgress; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [percent, setPercent] = useState<number | null>(progress.stopThreshold * 100);
  const [isSaving, setSaving] = useState(false);
  const first = progress.remainingError[0] ?? 0;

  const chart = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (value: number) => `${value.toFixed(2)}%` },
      grid: { left: 60, right: 20, bottom: 40, top: 30 },
      xAxis: {
        type: 'category',
        name: t('adminWork.review.progressAxis'),
        nameLocation: 'middle',
        nameGap: 26,
        data: progress.remainingError.map((_, k) => k),
      },
      yAxis: { type: 'value', name: `${t('adminWork.review.progressError')} (%)` },
      series: [
        {
          type: 'line',
          step: 'end',
          name: t('adminWork.review.progressError'),
          data: progress.remainingError.map((error) => Math.round(error * 1e6) / 1e4),
          markLine: {
            symbol: 'none',
            data: [{ yAxis: progress.stopThreshold * 100 }],
            label: { formatter: formatRatio(progress.stopThreshold) },
          },
        },
      ],
    }),
    [progress, t],
  );

  const save = async () => {
    if (percent === null) return;
    setSaving(true);
    try {
      await saveStopThreshold({ regionCode: progress.regionCode, stopThreshold: percent / 100 });
      message.success(t('adminWork.review.thresholdSaved'));
      onSaved();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t('adminWork.review.progressTitle')} data-testid="review-progress">
      <Flex vertical gap={8}>
        <Typography.Text>
          {t('adminWork.review.progressLine', { k: 0, error: formatRatio(first) })}
        </Typography.Text>
        <Typography.Text strong data-testid="review-stop-after">
          {t('adminWork.review.progressStop', {
            k: progress.stopAfter,
            threshold: formatRatio(progress.stopThreshold),
          })}
        </Typography.Text>
        <EChart option={chart} testId="chart-review-progress" />
        <Flex gap={8} align="center">
          <Typography.Text>{t('adminWork.review.stopThreshold')}</Typography.Text>
          <InputNumber
            min={0.01}
            max={99.99}
            step={0.1}
            value={percent}
            onChange={setPercent}
            aria-label={t('adminWork.review.stopThreshold')}
          />
          <Button onClick={save} loading={isSaving}>
            {t('adminWork.review.saveThreshold')}
          </Button>
        </Flex>
      </Flex>
    </Card>
  );
}
