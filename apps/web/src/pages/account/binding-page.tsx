import { Alert, Button, Flex, Form, Input, Result, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { bindEnterprise } from '../../api/account.api';
import { describeError } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { accountPaths, enterprisePaths } from '../../routes/paths';
import { useSession } from '../../session/session-context';
import { AccountShell } from './account-shell';
import { showFieldErrors } from './form-errors';

interface BindingForm {
  uscc: string;
  enterpriseName: string;
  legalRepresentative: string;
  industry: string;
}

const fields = ['uscc', 'enterpriseName', 'legalRepresentative', 'industry'] as const;

/** 绑定企业: the enterprise's information, 所属行业 软件业, checked against the directory (名录库). */
export function BindingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, refresh, signOut } = useSession();
  const [form] = Form.useForm<BindingForm>();
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [boundTo, setBoundTo] = useState<string | null>(null);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status !== 'authenticated') return <Navigate to="/login" replace />;
  if (!state.user.isVerified) return <Navigate to={accountPaths.verify} replace />;
  if (state.user.enterprise && !boundTo) return <Navigate to={enterprisePaths.home} replace />;

  async function handleFinish(values: BindingForm) {
    setIsBusy(true);
    setError(null);
    try {
      const bound = await bindEnterprise({ ...values, uscc: values.uscc.trim().toUpperCase() });
      setBoundTo(bound.enterprise.name);
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, fields);
    } finally {
      setIsBusy(false);
    }
  }

  if (boundTo) {
    return (
      <AccountShell title={t('account.bind.title')}>
        <Result
          status="success"
          title={t('account.bind.success', { name: boundTo })}
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

  return (
    <AccountShell
      title={t('account.bind.title')}
      extra={
        <Button type="link" onClick={() => void signOut()}>
          {t('shell.logout')}
        </Button>
      }
    >
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={t('account.bind.intro')} />
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
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            {t('account.bind.submit')}
          </Button>
        </Form>
      </Flex>
    </AccountShell>
  );
}
