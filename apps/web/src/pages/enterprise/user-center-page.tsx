import { UploadOutlined } from '@ant-design/icons';
import type { EconomicType, EnterpriseNature } from '@zhibao/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  changeMobile,
  changePassword,
  decideBindingAsManager,
  fetchDocuments,
  fetchEnterpriseAccounts,
  fetchManagerBindingRequests,
  managerBindingDocumentUrl,
  fetchProfile,
  fetchVerification,
  removeEnterpriseAccount,
  requestMobileChangeCodes,
  saveProfile,
  uploadDocument,
  type EnterpriseAccount,
  type ProfileInput,
} from '../../api/account.api';
import { logOutEverywhere } from '../../api/session.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDate, formatDateTime } from '../../format/date-format';
import { showFieldErrors } from '../account/form-errors';
import { EnterpriseAccountsTable } from '../account/enterprise-accounts-table';
import { NewPasswordFields } from '../account/new-password-fields';
import { useCurrentUser, useSession } from '../../session/session-context';

const enterpriseNatures = [
  'state_owned',
  'collective',
  'private',
  'foreign_funded',
  'hk_macao_taiwan_funded',
  'other',
] as const satisfies readonly EnterpriseNature[];
const economicTypes = ['domestic', 'hk_macao_taiwan', 'foreign'] as const satisfies readonly EconomicType[];

/** 修改基本信息. */
function BasicInfoTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useCurrentUser();
  const profile = useApiQuery((signal) => fetchProfile(signal), []);
  const [form] = Form.useForm<ProfileInput>();
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (profile.error) return <ApiErrorAlert error={profile.error} onRetry={profile.reload} />;
  if (!profile.data) return <Card loading variant="borderless" />;

  async function handleFinish(values: ProfileInput) {
    setIsSaving(true);
    setError(null);
    try {
      await saveProfile({ ...values, employeeCount: values.employeeCount ?? null });
      void message.success(t('account.center.saved'));
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, [
        'email',
        'contactAddress',
        'enterpriseNature',
        'economicType',
        'employeeCount',
        'registeredAddress',
        'postalCode',
      ]);
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions
        bordered
        column={2}
        size="small"
        items={[
          { key: 'displayName', label: t('userCenter.fields.displayName'), children: user.displayName },
          { key: 'mobile', label: t('account.center.mobile'), children: user.maskedMobile ?? '—' },
          {
            key: 'enterpriseName',
            label: t('userCenter.fields.enterpriseName'),
            children: user.enterprise?.name ?? '—',
          },
          {
            key: 'uscc',
            label: t('userCenter.fields.uscc'),
            children: <span className="code-text">{user.enterprise?.uscc ?? '—'}</span>,
          },
        ]}
      />
      {error !== null && <Alert type="error" showIcon title={describeError(error, t)} />}
      <Form<ProfileInput>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 14 }}
        disabled={isSaving}
        initialValues={{ ...profile.data, email: profile.data.email ?? '' }}
        onFinish={(values) => void handleFinish(values)}
      >
        <Form.Item label={t('userCenter.fields.username')} htmlFor="profile-username" required>
          <Input id="profile-username" value={profile.data.username} disabled />
        </Form.Item>
        <Form.Item
          label={t('account.center.email')}
          name="email"
          rules={[{ required: true, type: 'email', message: t('account.center.emailInvalid') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item label={t('account.center.contactAddress')} name="contactAddress">
          <Input />
        </Form.Item>
        <Form.Item label={t('account.center.enterpriseNature')} name="enterpriseNature">
          <Select
            allowClear
            placeholder={t('account.center.choose')}
            options={enterpriseNatures.map((value) => ({
              value,
              label: t(`account.center.natures.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('account.center.economicType')} name="economicType">
          <Select
            allowClear
            placeholder={t('account.center.choose')}
            options={economicTypes.map((value) => ({
              value,
              label: t(`account.center.economicTypes.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('account.center.employeeCount')} name="employeeCount">
          <InputNumber min={0} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('account.center.registeredAddress')} name="registeredAddress">
          <Input />
        </Form.Item>
        <Form.Item
          label={t('account.center.postalCode')}
          name="postalCode"
          rules={[{ pattern: /^\d{6}$/, message: t('account.center.postalCodeInvalid') }]}
        >
          <Input maxLength={6} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Button type="primary" htmlType="submit" loading={isSaving}>
            {t('account.center.save')}
          </Button>
        </Form.Item>
      </Form>
    </Space>
  );
}

/** 实名认证 status. */
function VerificationTab() {
  const { t } = useTranslation();
  const verification = useApiQuery((signal) => fetchVerification(signal), []);
  if (verification.error) return <ApiErrorAlert error={verification.error} onRetry={verification.reload} />;
  const data = verification.data;
  if (!data) return <Card loading variant="borderless" />;
  if (data.status === 'unverified')
    return <Alert type="warning" showIcon title={t('account.center.unverified')} />;
  return (
    <Descriptions
      bordered
      column={1}
      size="middle"
      styles={{ label: { width: 200 } }}
      items={[
        {
          key: 'status',
          label: t('account.center.verificationStatus'),
          children:
            data.status === 'confirmed' ? (
              <Tag color="success">{t('account.center.confirmed')}</Tag>
            ) : (
              <Tag color="processing">{t('account.center.submitted')}</Tag>
            ),
        },
        {
          key: 'type',
          label: t('account.verify.accountType'),
          children: t(`account.accountTypes.${data.accountType ?? 'natural_person'}`),
        },
        { key: 'name', label: t('account.verify.realName'), children: data.realName },
        {
          key: 'idType',
          label: t('account.verify.idType'),
          children: data.idType ? t(`account.verify.idTypes.${data.idType as 'resident_id'}`) : '—',
        },
        {
          key: 'idNumber',
          label: t('account.verify.idNumber'),
          children: <span className="code-text">{data.maskedIdNumber}</span>,
        },
        ...(data.uscc
          ? [
              {
                key: 'uscc',
                label: t('account.verify.uscc'),
                children: <span className="code-text">{data.uscc}</span>,
              },
            ]
          : []),
        ...(data.organizationName
          ? [{ key: 'org', label: t('account.verify.organizationName'), children: data.organizationName }]
          : []),
        {
          key: 'valid',
          label: t('account.center.validity'),
          children: data.isPermanent
            ? `${data.validFrom} — ${t('account.verify.permanent')}`
            : `${data.validFrom} — ${data.validUntil}`,
        },
        { key: 'at', label: t('account.center.verifiedAt'), children: formatDateTime(data.submittedAt) },
      ]}
    />
  );
}

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** 修改密码: the old password first; other devices are signed out. */
function PasswordTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function handleFinish(values: PasswordForm) {
    setIsSaving(true);
    setError(null);
    try {
      await changePassword({ oldPassword: values.oldPassword, newPassword: values.newPassword });
      form.resetFields();
      void message.success(t('account.center.passwordChanged'));
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, ['oldPassword', 'newPassword']);
    } finally {
      setIsSaving(false);
    }
  }

  return (
    <Form<PasswordForm>
      form={form}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 10 }}
      disabled={isSaving}
      onFinish={(values) => void handleFinish(values)}
    >
      {error !== null && (
        <Alert type="error" showIcon title={describeError(error, t)} className="section-gap" />
      )}
      <Form.Item
        label={t('account.center.oldPassword')}
        name="oldPassword"
        rules={[{ required: true, message: t('account.center.oldPasswordRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <NewPasswordFields name="newPassword" label={t('account.center.newPassword')} />
      <Form.Item wrapperCol={{ offset: 6 }}>
        <Button type="primary" htmlType="submit" loading={isSaving}>
          {t('account.center.changePassword')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** 上传证件: renewed scans, checked by content on the server. */
function DocumentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const documents = useApiQuery((signal) => fetchDocuments(signal), []);
  const [kind, setKind] = useState<'identity_document' | 'business_license'>('identity_document');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [isUploading, setIsUploading] = useState(false);

  async function upload() {
    const file = files[0]?.originFileObj;
    if (!file) return;
    const body = new FormData();
    body.set('kind', kind);
    body.set('file', file, file.name);
    setIsUploading(true);
    setError(null);
    try {
      await uploadDocument(body);
      setFiles([]);
      documents.reload();
      void message.success(t('account.center.uploaded'));
    } catch (caught) {
      setError(caught);
    } finally {
      setIsUploading(false);
    }
  }

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {error !== null && <Alert type="error" showIcon title={describeError(error, t)} />}
      <Space wrap>
        <Select
          value={kind}
          onChange={setKind}
          style={{ width: 200 }}
          options={[
            { value: 'identity_document', label: t('account.verify.identityDocument') },
            { value: 'business_license', label: t('account.verify.businessLicense') },
          ]}
        />
        <Upload
          accept=".pdf,.jpg,.jpeg,.png"
          maxCount={1}
          beforeUpload={() => false}
          fileList={files}
          onChange={(info) => setFiles(info.fileList)}
        >
          <Button icon={<UploadOutlined />}>{t('account.verify.chooseFile')}</Button>
        </Upload>
        <Button
          type="primary"
          disabled={files.length === 0}
          loading={isUploading}
          onClick={() => void upload()}
        >
          {t('account.center.upload')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={documents.isLoading}
        dataSource={documents.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('account.center.documentKind'),
            dataIndex: 'kind',
            render: (value: string) =>
              value === 'business_license'
                ? t('account.verify.businessLicense')
                : value === 'authorization_letter'
                  ? t('account.bind.authorizationLetter')
                  : t('account.verify.identityDocument'),
          },
          {
            title: t('account.center.fileName'),
            dataIndex: 'fileName',
            render: (value: string, row) => (
              <a href={`/api/account/documents/${row.id}`} target="_blank" rel="noreferrer">
                {value}
              </a>
            ),
          },
          {
            title: t('account.center.fileSize'),
            dataIndex: 'byteSize',
            render: (value: number) => `${Math.max(1, Math.round(value / 1024))} KB`,
          },
          {
            title: t('account.center.uploadedAt'),
            dataIndex: 'uploadedAt',
            render: (value: string) => formatDateTime(value),
          },
        ]}
      />
    </Space>
  );
}

interface MobileForm {
  newMobile: string;
  oldMobileCode: string;
  newMobileCode: string;
}

/** 修改手机号: a code to the old number and one to the new. */
function MobileTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refresh } = useSession();
  const user = useCurrentUser();
  const [form] = Form.useForm<MobileForm>();
  const [sent, setSent] = useState<{ oldMaskedMobile: string; newMaskedMobile: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const fields = ['newMobile', 'oldMobileCode', 'newMobileCode'];

  async function sendCodes() {
    let values: Pick<MobileForm, 'newMobile'>;
    try {
      values = await form.validateFields(['newMobile']);
    } catch {
      return;
    }
    setError(null);
    try {
      setSent(await requestMobileChangeCodes(values.newMobile.trim()));
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, fields);
    }
  }

  async function handleFinish(values: MobileForm) {
    setIsBusy(true);
    setError(null);
    try {
      await changeMobile({
        newMobile: values.newMobile.trim(),
        oldMobileCode: values.oldMobileCode.trim(),
        newMobileCode: values.newMobileCode.trim(),
      });
      form.resetFields();
      setSent(null);
      await refresh();
      void message.success(t('account.center.mobileChanged'));
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, fields);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Form<MobileForm>
      form={form}
      layout="horizontal"
      labelCol={{ span: 6 }}
      wrapperCol={{ span: 10 }}
      disabled={isBusy}
      onFinish={(values) => void handleFinish(values)}
    >
      {error !== null && (
        <Alert type="error" showIcon title={describeError(error, t)} className="section-gap" />
      )}
      <Form.Item label={t('account.center.currentMobile')} htmlFor="current-mobile">
        <Input id="current-mobile" value={user.maskedMobile ?? '—'} disabled />
      </Form.Item>
      <Form.Item label={t('account.center.newMobile')} required>
        <Space.Compact block>
          <Form.Item
            name="newMobile"
            noStyle
            rules={[
              { required: true, pattern: /^1[3-9]\d{9}$/, message: t('account.register.mobileInvalid') },
            ]}
          >
            <Input maxLength={11} inputMode="tel" />
          </Form.Item>
          <Button onClick={() => void sendCodes()}>{t('account.center.sendCodes')}</Button>
        </Space.Compact>
      </Form.Item>
      {sent && (
        <Alert type="info" showIcon title={t('account.center.codesSent', sent)} className="section-gap" />
      )}
      <Form.Item
        label={t('account.center.oldMobileCode')}
        name="oldMobileCode"
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.smsCodeRequired') }]}
      >
        <Input maxLength={6} inputMode="numeric" />
      </Form.Item>
      <Form.Item
        label={t('account.center.newMobileCode')}
        name="newMobileCode"
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.smsCodeRequired') }]}
      >
        <Input maxLength={6} inputMode="numeric" />
      </Form.Item>
      <Form.Item wrapperCol={{ offset: 6 }}>
        <Button type="primary" htmlType="submit" loading={isBusy}>
          {t('account.center.changeMobile')}
        </Button>
      </Form.Item>
    </Form>
  );
}

/** 待审核的绑定申请: people asking to join the enterprise; the manager approves, or refuses with a reason. */
function PendingBindingRequests({ onDecided }: { onDecided: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const requests = useApiQuery((signal) => fetchManagerBindingRequests(signal), []);
  const [refusing, setRefusing] = useState<{ id: string; name: string } | null>(null);
  const [reason, setReason] = useState('');
  if (requests.error) return <ApiErrorAlert error={requests.error} onRetry={requests.reload} />;

  async function decide(requestId: string, decision: 'approve' | 'refuse', refusal?: string) {
    try {
      await decideBindingAsManager(requestId, { decision, ...(refusal ? { reason: refusal } : {}) });
      void message.success(t(decision === 'approve' ? 'account.center.approved' : 'account.center.refused'));
      setRefusing(null);
      setReason('');
      requests.reload();
      onDecided();
    } catch (caught) {
      void message.error(describeError(caught, t));
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="pending-binding-requests">
      <Alert type="info" showIcon title={t('account.center.pendingRequestsHint')} />
      <Table
        rowKey="id"
        size="middle"
        loading={requests.isLoading}
        dataSource={requests.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('account.center.noPendingRequests') }}
        columns={[
          { title: t('account.center.requester'), dataIndex: 'requesterName' },
          { title: t('userCenter.fields.username'), dataIndex: 'requesterUsername' },
          { title: t('account.center.mobile'), dataIndex: 'maskedMobile' },
          {
            title: t('account.center.requestedAt'),
            dataIndex: 'requestedAt',
            render: (value: string) => formatDateTime(value),
          },
          {
            title: t('account.center.materials'),
            key: 'documents',
            render: (_value, row) => (
              <Space>
                {row.documents.map((document) => (
                  <a
                    key={document.id}
                    href={managerBindingDocumentUrl(row.id, document.id)}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {t(`account.bindingReview.documentKinds.${document.kind}`)}
                  </a>
                ))}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, row) =>
              refusing?.id === row.id ? (
                <Space.Compact>
                  <Input
                    placeholder={t('account.center.refuseReason')}
                    value={reason}
                    maxLength={500}
                    onChange={(event) => setReason(event.target.value)}
                    data-testid="refuse-reason"
                  />
                  <Button danger onClick={() => void decide(row.id, 'refuse', reason)}>
                    {t('account.center.refuse')}
                  </Button>
                </Space.Compact>
              ) : (
                <Space>
                  <Button type="primary" size="small" onClick={() => void decide(row.id, 'approve')}>
                    {t('account.center.approve')}
                  </Button>
                  <Button
                    danger
                    size="small"
                    onClick={() => setRefusing({ id: row.id, name: row.requesterName })}
                  >
                    {t('account.center.refuse')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}

/** 企业账号: the manager decides binding requests, and sees and removes the other filer accounts. */
function EnterpriseAccountsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const accounts = useApiQuery((signal) => fetchEnterpriseAccounts(signal), []);
  if (accounts.error) return <ApiErrorAlert error={accounts.error} onRetry={accounts.reload} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card size="small" title={t('account.center.pendingRequests')}>
        <PendingBindingRequests onDecided={accounts.reload} />
      </Card>
      <Card size="small" title={t('account.center.boundAccounts')}>
        <EnterpriseAccountsTable<EnterpriseAccount>
          by="manager"
          rows={accounts.data?.items ?? []}
          isLoading={accounts.isLoading}
          onChanged={accounts.reload}
          columns={[
            {
              title: t('account.verify.accountType'),
              dataIndex: 'accountType',
              render: (value: string | null) =>
                value ? t(`account.accountTypes.${value as 'natural_person'}`) : '—',
            },
            {
              title: t('account.center.boundAt'),
              dataIndex: 'boundAt',
              render: (value: string | null) => formatDate(value),
            },
          ]}
          actions={(row, changeMobile) =>
            row.isEnterpriseManager ? (
              <Tag color="blue">{t('account.center.manager')}</Tag>
            ) : (
              <Space size={0}>
                {changeMobile}
                <Popconfirm
                  title={t('account.center.removeConfirm', { name: row.displayName })}
                  onConfirm={async () => {
                    try {
                      await removeEnterpriseAccount(row.id);
                      accounts.reload();
                    } catch (caught) {
                      void message.error(describeError(caught, t));
                    }
                  }}
                >
                  <Button type="link" danger size="small">
                    {t('account.center.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        />
      </Card>
    </Space>
  );
}

/** 登录安全: sign out on every device. */
function SecurityTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { forget } = useSession();
  return (
    <Space direction="vertical">
      <Alert type="info" showIcon title={t('account.center.everywhereHint')} />
      <Popconfirm
        title={t('account.center.everywhereConfirm')}
        onConfirm={async () => {
          await logOutEverywhere();
          forget();
          navigate('/login', { replace: true });
        }}
      >
        <Button danger>{t('account.center.everywhere')}</Button>
      </Popconfirm>
    </Space>
  );
}

/** 用户中心, as in the manual: 修改基本信息, 实名认证, 修改密码, 上传证件, 修改手机号 (and, for the manager, 企业账号). */
export function UserCenterPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title={t('menu.enterprise.userCenter')} />
      <Card>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'basicInfo', label: t('userCenter.tabs.basicInfo'), children: <BasicInfoTab /> },
            { key: 'realName', label: t('userCenter.tabs.realName'), children: <VerificationTab /> },
            { key: 'password', label: t('userCenter.tabs.password'), children: <PasswordTab /> },
            { key: 'documents', label: t('userCenter.tabs.documents'), children: <DocumentsTab /> },
            { key: 'phone', label: t('userCenter.tabs.phone'), children: <MobileTab /> },
            ...(user.isEnterpriseManager
              ? [
                  {
                    key: 'accounts',
                    label: t('account.center.enterpriseAccounts'),
                    children: <EnterpriseAccountsTab />,
                  },
                ]
              : []),
            { key: 'security', label: t('account.center.security'), children: <SecurityTab /> },
          ]}
        />
      </Card>
    </>
  );
}
