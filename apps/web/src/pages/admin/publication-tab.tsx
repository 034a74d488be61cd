import { Alert, Button, Flex, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchPublication,
  publicationExportUrl,
  type PublicationQuery,
  type PublicationRow,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatMoney } from '../../format/number-format';

/** 对外发布 of 汇总: the region × industry table as it will be published, each hidden cell with why. */
export function PublicationTab({ query }: { query: PublicationQuery }) {
  const { t } = useTranslation();
  const [isOnlySuppressed, setOnlySuppressed] = useState(true);
  const report = useApiQuery((signal) => fetchPublication(query, signal), [query.taskId, query.regionCode]);
  const data = report.data;
  if (report.error) return <ApiErrorAlert error={report.error} />;
  if (!data) return null;

  const columns: ColumnsType<PublicationRow> = [
    {
      title: t('adminWork.aggregation.region'),
      dataIndex: 'regionLabel',
      key: 'region',
      width: 160,
      render: (label: string, row) => (row.regionDepth === 0 ? <strong>{label}</strong> : label),
    },
    {
      title: t('adminWork.aggregation.industry'),
      dataIndex: 'industryLabel',
      key: 'industry',
      width: 220,
      render: (label: string, row) => <span style={{ paddingLeft: row.industryDepth * 12 }}>{label}</span>,
    },
    ...data.columns.map((column, index) => ({
      title: `${column.name}（${column.unit ?? ''}）`,
      key: column.id,
      align: 'right' as const,
      render: (_: unknown, row: PublicationRow) => {
        const cell = row.cells[index];
        if (!cell) return null;
        if (!cell.isSuppressed) return formatMoney(cell.value);
        const interval = t('adminWork.aggregation.interval', {
          lower: formatMoney(cell.lower),
          upper: cell.upper === null ? t('adminWork.aggregation.unbounded') : formatMoney(cell.upper),
        });
        return (
          <Tooltip title={interval}>
            <Space size={4} data-testid="suppressed-cell">
              <Typography.Text type="secondary">{formatMoney(cell.value)}</Typography.Text>
              {cell.reasons.map((reason) => (
                <Tag key={reason} color={reason === 'secondary' ? 'default' : 'red'}>
                  {t(`adminWork.aggregation.reason.${reason}`)}
                </Tag>
              ))}
            </Space>
          </Tooltip>
        );
      },
    })),
  ];
  const rows = isOnlySuppressed
    ? data.rows.filter((row) => row.cells.some((cell) => cell.isSuppressed))
    : data.rows;

  return (
    <Flex vertical gap={12} data-testid="publication">
      <Alert
        type={data.isProtected ? 'info' : 'error'}
        showIcon
        message={`${t('adminWork.aggregation.publicationCounts', {
          primary: data.primaryCount,
          secondary: data.secondaryCount,
        })} · ${t(
          data.isProtected
            ? 'adminWork.aggregation.publicationAudit'
            : 'adminWork.aggregation.publicationAuditFailed',
        )}`}
        description={t('adminWork.aggregation.publicationNote', {
          min: data.rules.minContributors,
          n: data.rules.dominanceN,
          k: data.rules.dominanceK,
          p: data.rules.pPercent,
          protection: data.rules.protectionPercent,
        })}
      />
      <Typography.Text
        type={data.headlineGrowth.status === 'published' ? undefined : 'secondary'}
        data-testid="publication-growth"
      >
        {t(`adminWork.aggregation.publicationGrowth.${data.headlineGrowth.status}`, {
          name: data.headlineGrowth.name,
          growth: data.headlineGrowth.growth?.toFixed(2) ?? '—',
        })}
      </Typography.Text>
      <Space wrap>
        <Button href={publicationExportUrl(query, 'xlsx')} data-testid="export-publication">
          {t('common.export')} .xlsx
        </Button>
        <Button href={publicationExportUrl(query, 'csv')}>{t('common.export')} .csv</Button>
        <Switch checked={isOnlySuppressed} onChange={setOnlySuppressed} />
        {t('adminWork.aggregation.onlySuppressed')}
      </Space>
      <Table<PublicationRow>
        size="small"
        rowKey={(row) => `${row.regionDepth}|${row.regionCode}|${row.industryCode}`}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
      />
    </Flex>
  );
}
