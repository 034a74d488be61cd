import type { CellProvenance } from '@zhibao/contracts';
import { Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchFilingProvenance } from '../../api/outlier.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatMoney } from '../../format/number-format';

const sourceColor = {
  reported: 'default',
  corrected: 'blue',
  explained: 'cyan',
  estimated: 'purple',
} as const;
const shown = (value: number | string | null) =>
  typeof value === 'number' ? formatMoney(value) : (value ?? '—');

/** 数据来源: each value as first reported, corrected (with the return or 请核实 it answered) or estimated. */
export function ProvenanceTable(props: { filingId: string }) {
  const { t } = useTranslation();
  const provenance = useApiQuery((signal) => fetchFilingProvenance(props.filingId, signal), [props.filingId]);
  if (provenance.error) return <ApiErrorAlert error={provenance.error} onRetry={provenance.reload} />;
  if (provenance.data && provenance.data.cells.length === 0) return <Empty />;
  return (
    <Table<CellProvenance>
      size="small"
      loading={!provenance.data}
      pagination={false}
      data-testid="provenance"
      rowKey={(cell) => `${cell.formId}.${cell.key}`}
      dataSource={provenance.data?.cells ?? []}
      columns={[
        { title: t('adminWork.review.code'), dataIndex: 'label', key: 'label', width: 80 },
        { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
        {
          title: t('provenance.source'),
          key: 'source',
          width: 90,
          render: (_, cell) => (
            <Tag color={sourceColor[cell.source]}>{t(`provenance.sources.${cell.source}`)}</Tag>
          ),
        },
        {
          title: t('provenance.history'),
          key: 'history',
          render: (_, cell) => cell.history.map((entry) => shown(entry.value)).join(' → '),
        },
        {
          title: t('provenance.explanation'),
          dataIndex: 'explanation',
          key: 'explanation',
          render: (value: string | null) => value ?? '',
        },
        {
          title: t('provenance.answered'),
          key: 'answered',
          render: (_, cell) =>
            cell.answered && (
              <Typography.Text type="secondary">
                {[cell.answered.reason, cell.answered.comment].filter(Boolean).join('；')}
              </Typography.Text>
            ),
        },
      ]}
    />
  );
}
