import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createAdminAccount,
  fetchAdminAccounts,
  fetchAssignableRegions,
  fetchAuditEvents,
  setAdminAccountDisabled,
} from '../../api/account.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { showFieldErrors } from '../account/form-errors';

interface NewAdminForm {
  regionCode: string;
  username: string;
  displayName: string;
  mobile: string;
  password: string;
}

function CreateAdminModal({
  isOpen,
  onClose,
  onCreated,
}: {
  isOpen: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewAdminForm>();
  const regions = useApiQuery((signal) => fetchAssignableRegions(signal), []);
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit() {
    let values: NewAdminForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setIsSaving(true);
    setError(null);
    try {
      await createAdminAccount(values);
      form.resetFields();
      onCreated();
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, ['regionCode', 'username', 'displayName', 'mobile', 'password']);
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Modal
      open={isOpen}
      title={t('account.admin.create')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      {error !== null && (
        <div className="section-gap">
          <ApiErrorAlert error={error} />
        </div>
      )}
      <Form<NewAdminForm> form={form} layout="vertical">
        <Form.Item
          label={t('account.admin.region')}
          name="regionCode"
          rules={[{ required: true, message: t('account.verify.choose') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={regions.isLoading}
            options={(regions.data?.items ?? []).map((region) => ({
              value: region.code,
              label: `${region.name}（${t(`shell.adminLevel.${region.adminLevel}`)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          label={t('account.admin.username')}
          name="username"
          rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('account.admin.displayName')}
          name="displayName"
          rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('account.register.mobile')}
          name="mobile"
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('account.register.mobileInvalid') }]}
        >
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item
          label={t('account.admin.initialPassword')}
          name="password"
          extra={t('account.passwordPolicy')}
          rules={[{ required: true, message: t('account.register.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AdminAccountsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const accounts = useApiQuery((signal) => fetchAdminAccounts(signal), []);
  const [isCreating, setIsCreating] = useState(false);
  if (accounts.error) return <ApiErrorAlert error={accounts.error} onRetry={accounts.reload} />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setIsCreating(true)} data-testid="create-admin">
        {t('account.admin.create')}
      </Button>
      <Table
        rowKey="id"
        size="middle"
        loading={accounts.isLoading}
        dataSource={accounts.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('account.admin.region'), key: 'region', render: (_value, row) => row.region.name },
          {
            title: t('account.admin.level'),
            dataIndex: 'adminLevel',
            render: (value: 'county') => (value ? t(`shell.adminLevel.${value}`) : '—'),
          },
          { title: t('account.admin.username'), dataIndex: 'username' },
          { title: t('account.admin.displayName'), dataIndex: 'displayName' },
          { title: t('account.center.mobile'), dataIndex: 'maskedMobile' },
          {
            title: t('account.admin.status'),
            dataIndex: 'isDisabled',
            render: (value: boolean) =>
              value ? (
                <Tag>{t('account.admin.disabled')}</Tag>
              ) : (
                <Tag color="success">{t('account.admin.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, row) =>
              row.canManage ? (
                <Popconfirm
                  title={
                    row.isDisabled
                      ? t('account.admin.enableConfirm', { name: row.username })
                      : t('account.admin.disableConfirm', { name: row.username })
                  }
                  onConfirm={async () => {
                    try {
                      await setAdminAccountDisabled(row.id, !row.isDisabled);
                      accounts.reload();
                    } catch (caught) {
                      void message.error(describeError(caught, t));
                    }
                  }}
                >
                  <Button type="link" size="small" danger={!row.isDisabled}>
                    {row.isDisabled ? t('account.admin.enable') : t('account.admin.disable')}
                  </Button>
                </Popconfirm>
              ) : (
                <span className="muted">{t('account.admin.notManaged')}</span>
              ),
          },
        ]}
      />
      <CreateAdminModal
        isOpen={isCreating}
        onClose={() => setIsCreating(false)}
        onCreated={() => {
          setIsCreating(false);
          accounts.reload();
          void message.success(t('account.admin.created'));
        }}
      />
    </Space>
  );
}

const auditActions = [
  'account.registered',
  'account.verified',
  'account.binding_requested',
  'account.binding_refused',
  'account.binding_withdrawn',
  'account.bound',
  'account.manager_transferred',
  'account.unbound',
  'account.login',
  'account.login_failed',
  'account.logout',
  'account.logout_everywhere',
  'account.password_changed',
  'account.password_reset',
  'account.mobile_changed',
  'account.mobile_reset',
  'account.profile_updated',
  'account.document_uploaded',
  'account.admin_created',
  'account.admin_disabled',
  'account.admin_enabled',
] as const;

function AuditTab() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState<string | undefined>();
  const events = useApiQuery(
    (signal) => fetchAuditEvents({ page, pageSize: 20, action }, signal),
    [page, action],
  );
  if (events.error) return <ApiErrorAlert error={events.error} onRetry={events.reload} />;
  const label = (value: string) =>
    (auditActions as readonly string[]).includes(value)
      ? t(`account.audit.actions.${value.slice('account.'.length) as 'login'}`)
      : value;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder={t('account.audit.allActions')}
        style={{ width: 240 }}
        value={action}
        onChange={(value) => {
          setAction(value);
          setPage(1);
        }}
        options={auditActions.map((value) => ({ value, label: label(value) }))}
      />
      <Table
        rowKey="id"
        size="small"
        loading={events.isLoading}
        dataSource={events.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: events.data?.total ?? 0,
          onChange: setPage,
          showTotal: (total) => t('common.totalItems', { total }),
        }}
        columns={[
          { title: t('account.audit.at'), dataIndex: 'at', render: (value: string) => formatDateTime(value) },
          { title: t('account.audit.action'), dataIndex: 'action', render: label },
          {
            title: t('account.audit.actor'),
            dataIndex: 'actorUsername',
            render: (value: string | null, row) => value ?? String(row.details.username ?? '—'),
          },
          {
            title: t('account.admin.region'),
            dataIndex: 'regionName',
            render: (value: string | null) => value ?? '—',
          },
          { title: t('account.audit.ip'), dataIndex: 'ip' },
        ]}
      />
    </Space>
  );
}

/** 账号管理: administrators of the regions directly below (create, disable), and the account audit trail. */
export function AdminAccountsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('account.admin.title')} />
      <Card>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'accounts', label: t('account.admin.accountsTab'), children: <AdminAccountsTab /> },
            { key: 'audit', label: t('account.audit.title'), children: <AuditTab /> },
          ]}
        />
      </Card>
    </>
  );
}
