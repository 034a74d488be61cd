import { App, Button, Card, Flex, Form, Input, Select, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchDirectoryEnterprises,
  fetchScopeSettings,
  saveScopeSettings,
  type DirectoryEnterprise,
} from '../../api/admin.api';
import { describeError } from '../../components/api-error-alert';
import { useSession } from '../../session/session-context';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatCount } from '../../format/number-format';
import { EnterpriseAccountsDrawer } from './enterprise-accounts-drawer';
import { DirectoryImport, EnterpriseEditor } from './enterprise-editor';
import { TaskApplicationReview } from './task-application-review';

const defaultPageSize = 20;

/** 纳统条件: the thresholds the province runs; its own administrators choose those of their notice. */
function ScopeThresholdsSelect() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { state } = useSession();
  const settings = useApiQuery((signal) => fetchScopeSettings(signal), []);
  // Provinces (municipalities included) have region codes ending in 0000; the ministry's is 000000.
  const code = state.status === 'authenticated' ? state.user.region.code : '';
  const isProvince = code.endsWith('0000') && code !== '000000';
  if (!settings.data) return null;
  return (
    <Flex align="center" gap={8}>
      <span>{t('adminWork.directory.scopeSettings')}</span>
      <Select
        style={{ width: 340 }}
        aria-label={t('adminWork.directory.scopeSettings')}
        disabled={!isProvince}
        value={settings.data.activeId}
        options={settings.data.options.map((option) => ({ value: option.id, label: option.label }))}
        onChange={async (id: string) => {
          try {
            await saveScopeSettings(id);
            message.success(t('adminWork.directory.scopeSettingsSaved'));
            settings.reload();
          } catch (error) {
            message.error(describeError(error, t));
          }
        }}
      />
    </Flex>
  );
}

/** 企业名录库: the enterprises in the administrator's region, searched and paged on the server. */
export function EnterpriseDirectoryPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState({ keyword: '', page: 1, pageSize: defaultPageSize });
  const [editing, setEditing] = useState<{ id: string | null } | null>(null);
  const [isImporting, setIsImporting] = useState(false);
  const [accountsOf, setAccountsOf] = useState<DirectoryEnterprise | null>(null);
  const enterprises = useApiQuery(
    (signal) => fetchDirectoryEnterprises(query, signal),
    [query.keyword, query.page, query.pageSize],
  );

  const yesNo = (value: boolean, color: string) =>
    value ? (
      <Tag color={color} variant="filled">
        {t('common.yes')}
      </Tag>
    ) : (
      <Tag variant="filled">{t('common.no')}</Tag>
    );

  const columns: ColumnsType<DirectoryEnterprise> = [
    {
      title: t('directory.uscc'),
      dataIndex: 'uscc',
      key: 'uscc',
      width: 210,
      render: (uscc: string) => <span className="code-text">{uscc}</span>,
    },
    { title: t('directory.name'), dataIndex: 'name', key: 'name' },
    { title: t('directory.region'), dataIndex: 'regionName', key: 'region', width: 180 },
    {
      title: t('directory.isInScope'),
      dataIndex: 'isInScope',
      key: 'isInScope',
      width: 100,
      align: 'center',
      render: (value: boolean, row) =>
        row.isScopeOverridden ? (
          <Tooltip title={t('adminWork.directory.overridden')}>{yesNo(value, 'gold')}</Tooltip>
        ) : (
          yesNo(value, 'success')
        ),
    },
    {
      title: t('directory.isKeyEnterprise'),
      dataIndex: 'isKeyEnterprise',
      key: 'isKeyEnterprise',
      width: 100,
      align: 'center',
      render: (value: boolean) => yesNo(value, 'blue'),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, row) => (
        <Flex>
          <Button type="link" size="small" onClick={() => setEditing({ id: row.id })}>
            {t('adminWork.directory.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setAccountsOf(row)}>
            {t('mobileReset.accounts')}
          </Button>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.admin.directory')}
        extra={
          <Flex gap={8} align="center">
            <ScopeThresholdsSelect />
            <Button onClick={() => setIsImporting(true)}>{t('adminWork.directory.import')}</Button>
            <Button type="primary" onClick={() => setEditing({ id: null })}>
              {t('adminWork.directory.add')}
            </Button>
          </Flex>
        }
      />
      <EnterpriseEditor
        open={editing !== null}
        enterpriseId={editing?.id ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          enterprises.reload();
        }}
      />
      {accountsOf && <EnterpriseAccountsDrawer enterprise={accountsOf} onClose={() => setAccountsOf(null)} />}
      <DirectoryImport
        open={isImporting}
        onClose={() => setIsImporting(false)}
        onImported={enterprises.reload}
      />
      <Card>
        <Form layout="inline" className="filter-bar" role="search">
          <Form.Item label={t('directory.keyword')} htmlFor="directory-keyword">
            <Input.Search
              id="directory-keyword"
              allowClear
              enterButton={t('common.query')}
              placeholder={t('directory.searchPlaceholder')}
              onSearch={(keyword) =>
                setQuery((current) => ({ ...current, keyword: keyword.trim(), page: 1 }))
              }
              style={{ width: 420 }}
            />
          </Form.Item>
        </Form>
        {enterprises.error ? (
          <ApiErrorAlert error={enterprises.error} onRetry={enterprises.reload} />
        ) : (
          <Table<DirectoryEnterprise>
            data-testid="directory-table"
            rowKey="id"
            columns={columns}
            dataSource={enterprises.data?.items ?? []}
            loading={enterprises.isLoading}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: enterprises.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('common.totalItems', { total: formatCount(total) }),
              onChange: (page, pageSize) =>
                setQuery((current) => ({
                  ...current,
                  page: pageSize === current.pageSize ? page : 1,
                  pageSize,
                })),
            }}
          />
        )}
      </Card>
      <TaskApplicationReview />
    </>
  );
}
