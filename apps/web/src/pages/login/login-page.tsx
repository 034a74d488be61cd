import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/http-client';
import { fetchIdentityProviders, identitySignInUrl } from '../../api/identity.api';
import { fetchDemoInfo, requestLoginCode, type DemoAccount } from '../../api/session.api';
import { describeError, requestIdOf } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { PublicFrame } from '../../layout/public-frame';
import { accountPaths } from '../../routes/paths';
import { pathAfterLogin } from '../../session/role-home';
import { useCaptcha } from '../account/captcha-image';
import { CaptchaField, SmsCodeField, useCountdown } from '../account/code-fields';
import { useSession } from '../../session/session-context';

interface Credentials {
  username: string;
  password: string;
  captchaAnswer?: string;
  smsCode?: string;
}

const credentialFields: readonly string[] = ['username', 'password', 'smsCode'];

// Why the server sent the browser back from an identity platform's sign-in (the callback's `signIn` parameter).
const signInRefusals = ['state', 'token', 'disabled', 'unavailable'] as const;
type SignInRefusal = (typeof signInRefusals)[number];

function isSignInRefusal(value: string | null): value is SignInRefusal {
  return signInRefusals.some((refusal) => refusal === value);
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<Credentials>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [loginError, setLoginError] = useState<unknown>(null);
  const [demoAccounts, setDemoAccounts] = useState<DemoAccount[]>([]);
  const [smsOutboxPath, setSmsOutboxPath] = useState<string | null>(null);
  const [isCaptchaNeeded, setIsCaptchaNeeded] = useState(false);
  const { captcha, refresh: refreshCaptcha } = useCaptcha(isCaptchaNeeded);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, startResendCountdown] = useCountdown();
  const [isSending, setIsSending] = useState(false);
  const [identityProviders, setIdentityProviders] = useState<Array<{ id: string; label: string }>>([]);

  useEffect(() => {
    const controller = new AbortController();
    fetchIdentityProviders(controller.signal).then(setIdentityProviders, () => undefined);
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchDemoInfo(controller.signal).then(
      (info) => {
        setDemoAccounts(info.accounts);
        setSmsOutboxPath(info.smsOutboxPath);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'authenticated') {
    return <Navigate to={pathAfterLogin(state.user.role, searchParams.get('redirect'))} replace />;
  }

  const isExpired = searchParams.get('expired') === '1';
  const signInRefusal = searchParams.get('signIn');

  function showError(error: unknown) {
    setLoginError(error);
    if (!isApiError(error) || !error.invalidParams) return;
    if (error.invalidParams.some((param) => param.name === 'captcha')) {
      if (isCaptchaNeeded) refreshCaptcha();
      setIsCaptchaNeeded(true);
      form.setFieldValue('captchaAnswer', '');
    }
    form.setFields(
      error.invalidParams
        .filter((param) => credentialFields.includes(param.name))
        .map((param) => ({ name: param.name as keyof Credentials, errors: [param.reason] })),
    );
  }

  // 获取验证码: checks the password first, then the code goes to the registered mobile.
  async function sendCode() {
    let values: Credentials;
    try {
      values = await form.validateFields([
        'username',
        'password',
        ...(isCaptchaNeeded ? ['captchaAnswer'] : []),
      ]);
    } catch {
      return;
    }
    setIsSending(true);
    setLoginError(null);
    try {
      const sent = await requestLoginCode({
        username: values.username.trim(),
        password: values.password,
        ...(isCaptchaNeeded && captcha
          ? { captchaId: captcha.captchaId, captchaAnswer: values.captchaAnswer ?? '' }
          : {}),
      });
      setSentTo(sent.maskedMobile ?? null);
      startResendCountdown(sent.resendAfterSeconds);
      // The captcha was used up by this step; logging in needs a fresh one.
      if (isCaptchaNeeded) {
        refreshCaptcha();
        form.setFieldValue('captchaAnswer', '');
      }
      form.focusField('smsCode');
    } catch (error) {
      showError(error);
      if (isCaptchaNeeded) refreshCaptcha();
    } finally {
      setIsSending(false);
    }
  }

  async function handleFinish(credentials: Credentials) {
    // Without a code, Enter asks for one, as the 获取验证码 button does; with one, it logs in.
    if (!credentials.smsCode?.trim()) {
      if (!sentTo) await sendCode();
      else form.setFields([{ name: 'smsCode', errors: [t('login.smsCodeRequired')] }]);
      return;
    }
    setIsSubmitting(true);
    setLoginError(null);
    try {
      // On success the session becomes authenticated and this page redirects itself.
      await signIn({
        username: credentials.username.trim(),
        password: credentials.password,
        smsCode: credentials.smsCode.trim(),
        ...(isCaptchaNeeded && captcha
          ? { captchaId: captcha.captchaId, captchaAnswer: credentials.captchaAnswer ?? '' }
          : {}),
      });
    } catch (error) {
      setIsSubmitting(false);
      showError(error);
      if (isCaptchaNeeded) refreshCaptcha();
    }
  }

  function fillDemoAccount(account: DemoAccount) {
    form.setFieldsValue({ username: account.username, password: account.password });
    setLoginError(null);
    form.focusField('password');
  }

  const requestId = requestIdOf(loginError);
  const demoPassword = demoAccounts[0]?.password;
  const hasOnePassword = demoAccounts.every((account) => account.password === demoPassword);

  return (
    <PublicFrame>
      <main className="login-hero">
        <div className="login-hero-inner">
          <section className="login-intro">
            <h1 className="login-title">{t('app.name')}</h1>
            <p className="login-subtitle">{t('app.subtitle')}</p>
          </section>

          <Card className="login-card" title={t('login.cardTitle')} variant="borderless">
            <Flex vertical gap={16}>
              {isExpired && !loginError && (
                <Alert type="warning" showIcon title={t('shell.sessionExpired')} />
              )}
              {isSignInRefusal(signInRefusal) && !loginError && (
                <Alert
                  type="error"
                  showIcon
                  data-testid="sign-in-refused"
                  title={t(`login.signInRefused.${signInRefusal}`)}
                />
              )}
              {state.status === 'failed' && !loginError && (
                <Alert type="warning" showIcon title={describeError(state.error, t)} />
              )}
              {loginError !== null && (
                <Alert
                  type="error"
                  showIcon
                  title={describeError(loginError, t)}
                  description={requestId ? t('errors.requestId', { requestId }) : undefined}
                />
              )}
              <Form<Credentials>
                form={form}
                layout="vertical"
                size="large"
                requiredMark={false}
                disabled={isSubmitting}
                onFinish={(values) => void handleFinish(values)}
                onValuesChange={(changed: Partial<Credentials>) => {
                  setLoginError(null);
                  // A different account needs its own code.
                  if ('username' in changed) setSentTo(null);
                }}
              >
                <Form.Item
                  label={t('login.username')}
                  name="username"
                  rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
                >
                  <Input
                    prefix={<UserOutlined className="login-input-icon" />}
                    placeholder={t('login.usernamePlaceholder')}
                    autoComplete="username"
                    autoFocus
                  />
                </Form.Item>
                <Form.Item
                  label={t('login.password')}
                  name="password"
                  rules={[{ required: true, message: t('login.passwordRequired') }]}
                >
                  <Input.Password
                    prefix={<LockOutlined className="login-input-icon" />}
                    placeholder={t('login.passwordPlaceholder')}
                    autoComplete="current-password"
                  />
                </Form.Item>
                {isCaptchaNeeded && <CaptchaField captcha={captcha} onRefresh={refreshCaptcha} />}
                <SmsCodeField
                  sentHint={sentTo ? t('login.smsSent', { mobile: sentTo }) : null}
                  onSend={() => void sendCode()}
                  isSending={isSending}
                  resendIn={resendIn}
                />
                <Form.Item style={{ marginBottom: 0 }}>
                  <Button type="primary" htmlType="submit" block loading={isSubmitting}>
                    {isSubmitting
                      ? t('login.submitting')
                      : sentTo
                        ? t('login.submit')
                        : t('login.submitSendCode')}
                  </Button>
                </Form.Item>
              </Form>
              {identityProviders.length > 0 && (
                <>
                  <Divider plain style={{ margin: 0 }}>
                    {t('login.providerDivider')}
                  </Divider>
                  {identityProviders.map((provider) => (
                    // A full navigation: the server answers with a redirect to the provider.
                    <Button
                      key={provider.id}
                      block
                      size="large"
                      href={identitySignInUrl(provider.id)}
                      data-testid={`sign-in-with-${provider.id}`}
                    >
                      {t('login.signInWithProvider', { label: provider.label })}
                    </Button>
                  ))}
                </>
              )}
              <Flex justify="space-between">
                <Link to={accountPaths.forgotPassword} data-testid="forgot-password">
                  {t('login.forgotPassword')}
                </Link>
                <span>
                  <Typography.Text type="secondary">{t('login.noAccount')}</Typography.Text>{' '}
                  <Link to={accountPaths.register}>{t('login.registerNow')}</Link>
                </span>
              </Flex>
              {smsOutboxPath && (
                <Alert
                  type="info"
                  showIcon
                  data-testid="sms-outbox-hint"
                  title={
                    <>
                      {t('login.outboxHint')}{' '}
                      <a href={smsOutboxPath} target="_blank" rel="noreferrer">
                        {t('login.outboxLink')}
                      </a>
                    </>
                  }
                />
              )}

              {demoAccounts.length > 0 && (
                <aside className="login-demo" aria-label={t('login.demoTitle')}>
                  <Divider plain className="login-demo-divider">
                    {t('login.demoTitle')}
                  </Divider>
                  <Typography.Paragraph type="secondary" className="login-demo-hint">
                    {t('login.demoHint')}
                  </Typography.Paragraph>
                  <ul className="login-demo-list">
                    {demoAccounts.map((account) => (
                      <li key={account.username}>
                        <Button
                          type="link"
                          size="small"
                          className="login-demo-username"
                          onClick={() => fillDemoAccount(account)}
                        >
                          {account.username}
                        </Button>
                        <Typography.Text type="secondary" className="login-demo-role">
                          {t('login.demoAccount', {
                            roleLabel: account.roleLabel,
                            regionName: account.regionName,
                          })}
                        </Typography.Text>
                        {!hasOnePassword && <Typography.Text code>{account.password}</Typography.Text>}
                      </li>
                    ))}
                  </ul>
                  {hasOnePassword && demoPassword && (
                    <Typography.Text type="secondary" className="login-demo-password">
                      {t('login.demoPassword', { password: demoPassword })}
                    </Typography.Text>
                  )}
                </aside>
              )}
            </Flex>
          </Card>
        </div>
      </main>
    </PublicFrame>
  );
}
