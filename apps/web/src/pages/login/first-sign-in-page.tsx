import { Alert, Button, Descriptions, Flex, Form, Input, Space, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import {
  createAccountFromFirstSignIn,
  fetchFirstSignIn,
  linkAccountFromFirstSignIn,
  type FirstSignInAnswer,
} from '../../api/identity.api';
import { requestLoginCode } from '../../api/session.api';
import { describeError } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { useSession } from '../../session/session-context';
import { AccountShell } from '../account/account-shell';
import { showFieldErrors } from '../account/form-errors';
import { useCountdown } from '../account/code-fields';

interface LinkForm {
  username: string;
  password: string;
  smsCode: string;
}

const linkFields = ['username', 'password', 'smsCode'] as const;

/**
 * The first sign-in through an identity platform: what the platform verified, then 创建新账号 (a new account that
 * takes the verification, and a 法人's enterprise) or 绑定已有账号 (an account of this system, or one moved in from
 * the old platform, proven by its password and SMS code).
 */
export function FirstSignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, adopt } = useSession();
  const [identity, setIdentity] = useState<FirstSignInAnswer | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, startResendCountdown] = useCountdown();
  const [createForm] = Form.useForm<{ username: string }>();
  const [linkForm] = Form.useForm<LinkForm>();

  useEffect(() => {
    const controller = new AbortController();
    fetchFirstSignIn(controller.signal).then(setIdentity, (caught: unknown) => {
      if (!controller.signal.aborted) setLoadError(caught);
    });
    return () => controller.abort();
  }, []);

  if (state.status === 'authenticated' && !isBusy) return <Navigate to="/" replace />;
  if (loadError !== null) {
    return (
      <AccountShell title={t('firstSignIn.title')}>
        <Flex vertical gap={16}>
          <Alert type="warning" showIcon title={describeError(loadError, t)} />
          <Link to="/login">{t('firstSignIn.backToLogin')}</Link>
        </Flex>
      </AccountShell>
    );
  }
  if (!identity) return <FullPageSpin />;

  async function createAccount(values: { username: string }) {
    setIsBusy(true);
    setError(null);
    try {
      adopt(await createAccountFromFirstSignIn({ username: values.username.trim() }));
      navigate('/', { replace: true });
    } catch (caught) {
      setIsBusy(false);
      setError(caught);
      showFieldErrors(createForm, caught, ['username']);
    }
  }

  async function sendCode() {
    let values: Pick<LinkForm, 'username' | 'password'>;
    try {
      values = await linkForm.validateFields(['username', 'password']);
    } catch {
      return;
    }
    setError(null);
    try {
      const sent = await requestLoginCode({ username: values.username.trim(), password: values.password });
      setSentTo(sent.maskedMobile ?? null);
      startResendCountdown(sent.resendAfterSeconds);
      linkForm.focusField('smsCode');
    } catch (caught) {
      setError(caught);
      showFieldErrors(linkForm, caught, linkFields);
    }
  }

  async function linkAccount(values: LinkForm) {
    setIsBusy(true);
    setError(null);
    try {
      adopt(
        await linkAccountFromFirstSignIn({
          username: values.username.trim(),
          password: values.password,
          smsCode: values.smsCode.trim(),
        }),
      );
      navigate('/', { replace: true });
    } catch (caught) {
      setIsBusy(false);
      setError(caught);
      showFieldErrors(linkForm, caught, linkFields);
    }
  }

  const accountTypeLabel = identity.accountType ? t(`firstSignIn.accountType.${identity.accountType}`) : null;
  return (
    <AccountShell title={t('firstSignIn.title')}>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('firstSignIn.intro', { provider: identity.providerLabel })}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} bordered data-testid="verified-identity">
          {identity.name && (
            <Descriptions.Item label={t('firstSignIn.name')}>{identity.name}</Descriptions.Item>
          )}
          {accountTypeLabel && (
            <Descriptions.Item label={t('firstSignIn.accountTypeLabel')}>
              {accountTypeLabel}
            </Descriptions.Item>
          )}
          {identity.maskedIdNumber && (
            <Descriptions.Item label={t('firstSignIn.idNumber')}>{identity.maskedIdNumber}</Descriptions.Item>
          )}
          {identity.uscc && (
            <Descriptions.Item label={t('firstSignIn.organization')}>
              {identity.organizationName ?? ''} {identity.uscc}
            </Descriptions.Item>
          )}
          {identity.maskedMobile && (
            <Descriptions.Item label={t('firstSignIn.mobile')}>{identity.maskedMobile}</Descriptions.Item>
          )}
        </Descriptions>
        {identity.enterprise && (
          <Alert
            type="info"
            showIcon
            title={t('firstSignIn.bindsEnterprise', { name: identity.enterprise.name })}
          />
        )}
        {error !== null && (
          <Alert type="error" showIcon title={describeError(error, t)} data-testid="form-error" />
        )}
        <Tabs
          items={[
            {
              key: 'link',
              label: t('firstSignIn.linkTab'),
              children: (
                <Form<LinkForm>
                  form={linkForm}
                  name="link"
                  layout="vertical"
                  disabled={isBusy}
                  onFinish={(values) => void linkAccount(values)}
                  onValuesChange={() => setError(null)}
                >
                  <Typography.Paragraph type="secondary">{t('firstSignIn.linkIntro')}</Typography.Paragraph>
                  <Form.Item
                    label={t('login.username')}
                    name="username"
                    rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
                  >
                    <Input autoComplete="username" />
                  </Form.Item>
                  <Form.Item
                    label={t('login.password')}
                    name="password"
                    rules={[{ required: true, message: t('login.passwordRequired') }]}
                  >
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Form.Item
                    label={t('login.smsCode')}
                    required
                    extra={sentTo ? t('login.smsSent', { mobile: sentTo }) : undefined}
                  >
                    <Space.Compact block>
                      <Form.Item
                        name="smsCode"
                        noStyle
                        rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.smsCodeRequired') }]}
                      >
                        <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                      </Form.Item>
                      <Button
                        onClick={() => void sendCode()}
                        disabled={resendIn > 0}
                        data-testid="send-sms-code"
                      >
                        {resendIn > 0
                          ? t('login.resendIn', { seconds: resendIn })
                          : sentTo
                            ? t('login.resend')
                            : t('login.sendCode')}
                      </Button>
                    </Space.Compact>
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={isBusy}>
                    {t('firstSignIn.link')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'create',
              label: t('firstSignIn.createTab'),
              children: (
                <Form<{ username: string }>
                  form={createForm}
                  name="create"
                  layout="vertical"
                  disabled={isBusy}
                  onFinish={(values) => void createAccount(values)}
                  onValuesChange={() => setError(null)}
                >
                  <Form.Item
                    label={t('account.register.username')}
                    name="username"
                    extra={t('account.register.usernameHint')}
                    rules={[
                      { required: true, whitespace: true, message: t('account.register.usernameRequired') },
                    ]}
                  >
                    <Input autoComplete="username" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={isBusy}>
                    {t('firstSignIn.create')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Flex>
    </AccountShell>
  );
}
