import {
  Alert,
  Button,
  Descriptions,
  Flex,
  Form,
  Input,
  Popconfirm,
  Result,
  Select,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import {
  fetchOwnBindingRequest,
  requestBinding,
  withdrawBindingRequest,
  type BindingRequest,
} from '../../api/account.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { formatDateTime } from '../../format/date-format';
import { accountPaths, enterprisePaths } from '../../routes/paths';
import { useSession } from '../../session/session-context';
import { AccountShell } from './account-shell';
import { showFieldErrors } from './form-errors';
import { ScanUploadField } from './scan-upload-field';

interface BindingForm {
  uscc: string;
  enterpriseName: string;
  legalRepresentative: string;
  industry: string;
  businessLicense?: UploadFile[];
  authorizationLetter?: UploadFile[];
}

const fields = [
  'uscc',
  'enterpriseName',
  'legalRepresentative',
  'industry',
  'businessLicense',
  'authorizationLetter',
] as const;

/**
 * 绑定企业 is a request: the enterprise's information checked against the directory (名录库), and for a 自然人
 * the 营业执照 and the 授权委托书 stamped by the enterprise. The enterprise's account manager, or an
 * administrator of its region, decides; until then the page shows the request waiting.
 */
export function BindingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, refresh, signOut } = useSession();
  const own = useApiQuery((signal) => fetchOwnBindingRequest(signal), []);
  const [isFormWanted, setIsFormWanted] = useState(false);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status !== 'authenticated') return <Navigate to="/login" replace />;
  if (!state.user.isVerified) return <Navigate to={accountPaths.verify} replace />;
  const request = own.data?.request ?? null;
  // A bound account has nothing to do here, except to see the approval it just got (the session learns of the
  // binding when the person confirms it).
  if (state.user.enterprise && own.data && request?.status !== 'approved') {
    return <Navigate to={enterprisePaths.home} replace />;
  }

  const logout = (
    <Button type="link" onClick={() => void signOut()}>
      {t('shell.logout')}
    </Button>
  );
  if (own.error) {
    return (
      <AccountShell title={t('account.bind.title')} extra={logout}>
        <ApiErrorAlert error={own.error} onRetry={own.reload} />
      </AccountShell>
    );
  }
  if (!own.data) return <FullPageSpin />;

  if (request?.status === 'approved') {
    return (
      <AccountShell title={t('account.bind.title')}>
        <Result
          status="success"
          title={t('account.bind.success', { name: request.enterprise.name })}
          subTitle={t('account.bind.successHint')}
          extra={
            <Button
              type="primary"
              onClick={() => void refresh().then(() => navigate(enterprisePaths.myTasks, { replace: true }))}
            >
              {t('account.bind.confirm')}
            </Button>
          }
        />
      </AccountShell>
    );
  }

  if (request?.status === 'pending') {
    return (
      <AccountShell title={t('account.bind.title')} extra={logout}>
        <PendingRequest request={request} onChanged={own.reload} />
      </AccountShell>
    );
  }

  const isRefused = request?.status === 'refused';
  return (
    <AccountShell title={t('account.bind.title')} extra={logout}>
      {isRefused && !isFormWanted ? (
        <Result
          status="warning"
          title={t('account.bind.refused')}
          subTitle={t('account.bind.refusedReason', { reason: request.decisionReason ?? '—' })}
          extra={
            <Button type="primary" onClick={() => setIsFormWanted(true)}>
              {t('account.bind.again')}
            </Button>
          }
        />
      ) : (
        <BindingRequestForm
          isLegalPerson={state.user.accountType === 'legal_person'}
          onSubmitted={() => {
            setIsFormWanted(false);
            own.reload();
          }}
        />
      )}
    </AccountShell>
  );
}

/** 绑定申请已提交，等待审核: who decides, what was asked, and 撤回申请. */
function PendingRequest({ request, onChanged }: { request: BindingRequest; onChanged: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  return (
    <Flex vertical gap={16}>
      <Result
        status="info"
        title={<span data-testid="binding-pending">{t('account.bind.pending')}</span>}
        subTitle={t(
          request.reviewer === 'manager'
            ? 'account.bind.pendingManager'
            : 'account.bind.pendingAdministrator',
        )}
      />
      {error !== null && <Alert type="error" showIcon title={describeError(error, t)} />}
      <Descriptions
        bordered
        column={1}
        size="small"
        items={[
          { key: 'name', label: t('account.bind.enterpriseName'), children: request.enterprise.name },
          {
            key: 'uscc',
            label: t('account.bind.uscc'),
            children: <span className="code-text">{request.enterprise.uscc}</span>,
          },
          { key: 'at', label: t('account.bind.requestedAt'), children: formatDateTime(request.requestedAt) },
        ]}
      />
      <Flex gap={8} justify="center">
        <Button onClick={onChanged}>{t('account.bind.refresh')}</Button>
        <Popconfirm
          title={t('account.bind.withdrawConfirm')}
          onConfirm={async () => {
            try {
              await withdrawBindingRequest();
              onChanged();
            } catch (caught) {
              setError(caught);
            }
          }}
        >
          <Button danger>{t('account.bind.withdraw')}</Button>
        </Popconfirm>
      </Flex>
    </Flex>
  );
}

function BindingRequestForm({
  isLegalPerson,
  onSubmitted,
}: {
  isLegalPerson: boolean;
  onSubmitted: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<BindingForm>();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function handleFinish(values: BindingForm) {
    const body = new FormData();
    body.set('uscc', values.uscc.trim().toUpperCase());
    body.set('enterpriseName', values.enterpriseName);
    body.set('legalRepresentative', values.legalRepresentative);
    body.set('industry', values.industry);
    for (const field of ['businessLicense', 'authorizationLetter'] as const) {
      const file = values[field]?.[0]?.originFileObj;
      if (file) body.set(field, file, file.name);
    }
    setIsBusy(true);
    setError(null);
    try {
      await requestBinding(body);
      onSubmitted();
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, fields);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title={t('account.bind.intro')}
        description={t(isLegalPerson ? 'account.bind.introLegalPerson' : 'account.bind.introNaturalPerson')}
      />
      {error !== null && (
        <Alert type="error" showIcon title={describeError(error, t)} data-testid="form-error" />
      )}
      <Form<BindingForm>
        form={form}
        layout="vertical"
        disabled={isBusy}
        initialValues={{ industry: 'software' }}
        onFinish={(values) => void handleFinish(values)}
        onValuesChange={() => setError(null)}
      >
        <Form.Item
          label={t('account.bind.uscc')}
          name="uscc"
          rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
        >
          <Input maxLength={18} className="code-text" />
        </Form.Item>
        <Form.Item
          label={t('account.bind.enterpriseName')}
          name="enterpriseName"
          rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('account.bind.legalRepresentative')}
          name="legalRepresentative"
          rules={[{ required: true, whitespace: true, message: t('account.verify.fill') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label={t('account.bind.industry')}
          name="industry"
          rules={[{ required: true, message: t('account.verify.choose') }]}
        >
          <Select
            options={[
              { value: 'software', label: t('account.bind.industries.software') },
              { value: 'electronics', label: t('account.bind.industries.electronics') },
              { value: 'telecom', label: t('account.bind.industries.telecom') },
            ]}
          />
        </Form.Item>
        {!isLegalPerson && (
          <>
            <ScanUploadField name="businessLicense" label={t('account.bind.businessLicense')} />
            <ScanUploadField
              name="authorizationLetter"
              label={t('account.bind.authorizationLetter')}
              extra={t('account.bind.authorizationLetterHint')}
            />
          </>
        )}
        <Button type="primary" htmlType="submit" block loading={isBusy}>
          {t('account.bind.submit')}
        </Button>
      </Form>
    </Flex>
  );
}
