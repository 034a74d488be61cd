import type { ReadFreshness } from '@zhibao/contracts';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/**
 * 数据截至 HH:mm:ss: figures read from the streaming replica trail the primary's by the replication lag, and the
 * page says to which moment they are current. Figures from the primary are current and need no note.
 */
export function DataFreshness({ freshness }: { freshness: ReadFreshness | undefined }) {
  const { t } = useTranslation();
  if (freshness?.source !== 'replica') return null;
  return (
    <Typography.Text type="secondary" data-testid="data-freshness">
      {t('common.dataAsOf', { time: dayjs(freshness.asOf).format('HH:mm:ss') })}
    </Typography.Text>
  );
}
