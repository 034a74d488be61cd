import { CheckCircleFilled, CloseCircleFilled, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchReceivedPassUps,
  importPassUpPackage,
  receivedSummaryTableUrl,
  type PassUpImportSummary,
  type ReceivedPassUpItem,
} from '../../api/exchange.api';
import { isApiError } from '../../api/http-client';
import { useApiQuery, type ApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { formatMoney } from '../../format/number-format';
import { checks, failedCheckOf, labelKeyOf, type CheckKey } from './exchange-import-checks';

/**
 * 导入上报包: an administrator uploads the signed package another instance exported (a region's pass-up), and sees
 * each check's outcome and what was taken in — or, refused, which check failed and which field of the package.
 */
export function ExchangeImportPage() {
  const { t } = useTranslation();
  const [fileName, setFileName] = useState<string | null>(null);
  const [isSending, setIsSending] = useState(false);
  const [summary, setSummary] = useState<PassUpImportSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const received = useApiQuery((signal) => fetchReceivedPassUps(signal), []);

  const send = async (file: File) => {
    setFileName(file.name);
    setSummary(null);
    setError(null);
    setIsSending(true);
    try {
      let pkg: unknown;
      try {
        pkg = JSON.parse(await file.text());
      } catch {
        setError(new SyntaxError(t('exchangeImport.notJson')));
        return;
      }
      setSummary(await importPassUpPackage(pkg));
      received.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setIsSending(false);
    }
  };

  const invalidParams = isApiError(error) ? (error.invalidParams ?? []) : [];
  const failed: CheckKey | 'outdated' | null = isApiError(error)
    ? error.code === 'PASS_UP_PACKAGE_OUTDATED'
      ? 'outdated'
      : failedCheckOf(invalidParams.map((param) => param.name))
    : error instanceof SyntaxError
      ? 'format'
      : null;
  const failedIndex = checks.findIndex((check) => check.key === failed);
  const hasFilings = (summary?.filingCount ?? 0) > 0;

  return (
    <>
      <PageHeader title={t('exchangeImport.title')} />
      <Flex vertical gap={16}>
        <Card>
          <Typography.Paragraph type="secondary">{t('exchangeImport.intro')}</Typography.Paragraph>
          <Upload
            accept=".json,application/json"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              void send(file);
              return false;
            }}
            data-testid="exchange-import-upload"
          >
            <Button type="primary" icon={<UploadOutlined />} loading={isSending}>
              {t('exchangeImport.choose')}
            </Button>
          </Upload>
          {fileName && (
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {fileName}
            </Typography.Text>
          )}
        </Card>

        {(summary || error !== null) && (
          <Card title={t('exchangeImport.checksTitle')} data-testid="exchange-import-checks">
            <List<CheckKey | 'outdated'>
              size="small"
              dataSource={[
                ...checks.map((check) => check.key),
                ...(failed === 'outdated' ? (['outdated'] as const) : []),
              ]}
              renderItem={(key, index) => {
                const isFailed = key === failed;
                // Checks after the failed one were not reached; without filings, there are none to add up.
                const isSkipped =
                  (failedIndex >= 0 && index > failedIndex) ||
                  (failed === null && error !== null) ||
                  (summary !== null && key === 'filings' && !hasFilings);
                return (
                  <List.Item data-testid={`exchange-check-${key}`}>
                    <Space>
                      {isFailed ? (
                        <CloseCircleFilled style={{ color: '#cf1322' }} />
                      ) : isSkipped ? (
                        <Tag>{t('exchangeImport.notChecked')}</Tag>
                      ) : (
                        <CheckCircleFilled style={{ color: '#389e0d' }} />
                      )}
                      {t(`exchangeImport.checks.${key}`)}
                      {summary && key === 'filings' && !hasFilings && (
                        <Typography.Text type="secondary">{t('exchangeImport.noFilings')}</Typography.Text>
                      )}
                    </Space>
                  </List.Item>
                );
              }}
            />
          </Card>
        )}

        {error !== null && (
          <Alert
            type="error"
            showIcon
            data-testid="exchange-import-refusal"
            title={error instanceof SyntaxError ? error.message : describeError(error, t)}
            description={
              invalidParams.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {invalidParams.map((param) => {
                    const labelKey = labelKeyOf(param.name);
                    return (
                      <li key={`${param.name}:${param.reason}`} data-testid="exchange-import-field">
                        {t('exchangeImport.field')}
                        {labelKey ? t(`exchangeImport.fields.${labelKey}`) : param.name}（
                        <Typography.Text code>{param.name}</Typography.Text>）：{param.reason}
                      </li>
                    );
                  })}
                </ul>
              )
            }
          />
        )}

        {summary && (
          <Card
            title={t('exchangeImport.summaryTitle')}
            data-testid="exchange-import-summary"
            extra={
              <Space>
                <Button href={receivedSummaryTableUrl(summary.id, 'xlsx')}>
                  {t('exchangeImport.summaryTable')}
                </Button>
                <Button href={receivedSummaryTableUrl(summary.id, 'pdf')}>
                  {t('exchangeImport.summaryTablePdf')}
                </Button>
              </Space>
            }
          >
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('exchangeImport.outcome')}>
                <Tag
                  color={{ created: 'success', updated: 'processing', unchanged: 'default' }[summary.outcome]}
                  data-testid="exchange-import-outcome"
                >
                  {t(`exchangeImport.outcomes.${summary.outcome}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('exchangeImport.sender')}>{summary.senderName}</Descriptions.Item>
              <Descriptions.Item label={t('exchangeImport.region')}>
                {summary.region.name}（{summary.region.code}）
              </Descriptions.Item>
              <Descriptions.Item label={t('exchangeImport.task')}>
                {summary.taskName}（{summary.periodLabel}）
              </Descriptions.Item>
              <Descriptions.Item label={t('exchangeImport.passedUpAt')}>
                {formatDateTime(summary.passedUpAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('exchangeImport.counts')}>
                {t('exchangeImport.countsValue', {
                  table: summary.tableFilingCount ?? '—',
                  filings: summary.filingCount,
                })}
              </Descriptions.Item>
            </Descriptions>
            <Table
              className="section-gap"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={summary.totals}
              columns={[
                { title: t('exchangeImport.indicator'), dataIndex: 'name' },
                {
                  title: t('exchangeImport.total'),
                  dataIndex: 'value',
                  align: 'right',
                  render: (value: number | null) => (value === null ? '—' : formatMoney(value)),
                },
              ]}
            />
          </Card>
        )}

        <ReceivedPackages received={received} />
      </Flex>
    </>
  );
}

/** 已接收的上报包: what this instance holds, each with its 汇总表 as received. */
function ReceivedPackages({ received }: { received: ApiQuery<{ items: ReceivedPassUpItem[] }> }) {
  const { t } = useTranslation();
  return (
    <Card title={t('exchangeImport.receivedTitle')} data-testid="exchange-received">
      {received.error !== null && <ApiErrorAlert error={received.error} />}
      <Table<ReceivedPassUpItem>
        size="small"
        rowKey="id"
        loading={received.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={received.data?.items ?? []}
        locale={{ emptyText: t('exchangeImport.receivedEmpty') }}
        columns={[
          {
            title: t('exchangeImport.region'),
            key: 'region',
            render: (_value, item) => `${item.region.name}（${item.region.code}）`,
          },
          {
            title: t('exchangeImport.task'),
            key: 'task',
            render: (_value, item) => `${item.taskName}（${item.periodLabel}）`,
          },
          { title: t('exchangeImport.sender'), dataIndex: 'senderName' },
          {
            title: t('exchangeImport.passedUpAt'),
            dataIndex: 'passedUpAt',
            render: (value: string) => formatDateTime(value),
          },
          {
            title: t('exchangeImport.receivedAt'),
            dataIndex: 'receivedAt',
            render: (value: string) => formatDateTime(value),
          },
          { title: t('exchangeImport.receivedBy'), dataIndex: 'receivedBy' },
          {
            title: t('exchangeImport.filingCount'),
            dataIndex: 'filingCount',
            align: 'right',
            render: (count: number) => t('exchangeImport.filingCountValue', { count }),
          },
          {
            title: t('exchangeImport.summaryTableColumn'),
            key: 'files',
            render: (_value, item) => (
              <Space size="small">
                <Button size="small" href={receivedSummaryTableUrl(item.id, 'xlsx')}>
                  {t('exchangeImport.summaryTable')}
                </Button>
                <Button size="small" href={receivedSummaryTableUrl(item.id, 'pdf')}>
                  {t('exchangeImport.summaryTablePdf')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
