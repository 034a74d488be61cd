import { ExportOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadUrls, fetchEnterpriseFilings, type SubmittedFiling } from '../../api/enterprise.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { filingPath } from '../../routes/paths';
import { FilingTrendCard } from './filing-trend-card';
import { formatPeriod } from '../../format/date-format';

interface FilingFilter {
  period?: string;
  keyword?: string;
}

/** 填报数据查询: the reports the enterprise has filed, filtered by 报告期 and a 报表名称 keyword. */
export function FilingQueryPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilingFilter>();
  const [filter, setFilter] = useState<FilingFilter>({});
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const filings = useApiQuery((signal) => fetchEnterpriseFilings(filter, signal), [filter]);
  // The period choices come from the unfiltered list, so narrowing the table keeps them all.
  const allFilings = useApiQuery((signal) => fetchEnterpriseFilings({}, signal), []);

  const periodOptions = [
    ...new Map((allFilings.data ?? []).map((filing) => [filing.period, formatPeriod(filing.period)])),
  ]
    .sort(([left], [right]) => right.localeCompare(left))
    .map(([value, label]) => ({ value, label }));

  const columns: ColumnsType<SubmittedFiling> = [
    {
      title: t('filingQuery.reportName'),
      dataIndex: 'reportName',
      key: 'reportName',
      render: (reportName: string, filing) => <Link to={filingPath(filing.filingId)}>{reportName}</Link>,
    },
    {
      title: t('filingQuery.period'),
      dataIndex: 'period',
      key: 'period',
      render: (_, row) => formatPeriod(row.period),
      width: 160,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_, filing) => (
        <Space size="middle">
          <Link to={filingPath(filing.filingId)}>{t('common.view')}</Link>
          <a href={downloadUrls.filing(filing.filingId)} download data-testid="export-filing">
            {t('common.export')}
          </a>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.enterprise.filingQuery')}
        extra={
          <Button
            icon={<ExportOutlined />}
            href={downloadUrls.batch(selectedIds.length > 0 ? { ids: selectedIds } : filter)}
            disabled={(filings.data ?? []).length === 0}
            data-testid="batch-export"
          >
            {selectedIds.length > 0
              ? t('filingQuery.batchExportSelected', { count: selectedIds.length })
              : t('common.batchExport')}
          </Button>
        }
      />
      <Card>
        <Form<FilingFilter>
          form={form}
          layout="inline"
          className="filter-bar"
          role="search"
          onFinish={(values) => setFilter({ period: values.period, keyword: values.keyword?.trim() })}
        >
          <Form.Item label={t('filingQuery.period')} name="period">
            <Select
              allowClear
              placeholder={t('filingQuery.periodPlaceholder')}
              options={periodOptions}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('filingQuery.reportName')} name="keyword">
            <Input allowClear placeholder={t('filingQuery.keywordPlaceholder')} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit">
                {t('common.query')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        {filings.error ? (
          <ApiErrorAlert error={filings.error} onRetry={filings.reload} />
        ) : (
          <Table<SubmittedFiling>
            rowKey="filingId"
            rowSelection={{
              selectedRowKeys: selectedIds,
              onChange: (keys) => setSelectedIds(keys.map(String)),
            }}
            columns={columns}
            dataSource={filings.data ?? []}
            loading={filings.isLoading}
            pagination={{
              pageSize: 10,
              hideOnSinglePage: true,
              showTotal: (total) => t('common.totalItems', { total }),
            }}
          />
        )}
        <Typography.Paragraph type="secondary" className="table-footnote">
          {t('filingQuery.hint')} {t('filingQuery.batchHint')}
        </Typography.Paragraph>
      </Card>
      <FilingTrendCard />
    </>
  );
}
