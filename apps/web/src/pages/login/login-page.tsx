import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/http-client';
import { fetchDemoAccounts, type DemoAccount } from '../../api/session.api';
import { describeError, requestIdOf } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { LanguageSwitch } from '../../layout/language-switch';
import { SystemLogo } from '../../layout/system-logo';
import { pathAfterLogin } from '../../session/role-home';
import { useSession } from '../../session/session-context';

interface Credentials {
  username: string;
  password: string;
}

const credentialFields: readonly string[] = ['username', 'password'];

export function LoginPage() {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<Credentials>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [loginError, setLoginError] = useState<unknown>(null);
  const [demoAccounts, setDemoAccounts] = useState<DemoAccount[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    fetchDemoAccounts(controller.signal).then(setDemoAccounts, () => undefined);
    return () => controller.abort();
  }, []);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status === 'authenticated') {
    return <Navigate to={pathAfterLogin(state.user.role, searchParams.get('redirect'))} replace />;
  }

  const isExpired = searchParams.get('expired') === '1';

  async function handleFinish(credentials: Credentials) {
    setIsSubmitting(true);
    setLoginError(null);
    try {
      // On success the session becomes authenticated and this page redirects itself.
      await signIn({ username: credentials.username.trim(), password: credentials.password });
    } catch (error) {
      setIsSubmitting(false);
      setLoginError(error);
      if (isApiError(error) && error.invalidParams) {
        form.setFields(
          error.invalidParams
            .filter((param) => credentialFields.includes(param.name))
            .map((param) => ({ name: param.name as keyof Credentials, errors: [param.reason] })),
        );
      }
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
    <div className="login-page">
      <header className="login-topbar">
        <Flex align="center" gap={12}>
          <SystemLogo size={36} />
          <div>
            <div className="login-topbar-name">{t('app.name')}</div>
            <div className="login-topbar-subtitle">{t('app.subtitle')}</div>
          </div>
        </Flex>
        <LanguageSwitch />
      </header>

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
                onValuesChange={() => setLoginError(null)}
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
                <Form.Item style={{ marginBottom: 0 }}>
                  <Button type="primary" htmlType="submit" block loading={isSubmitting}>
                    {isSubmitting ? t('login.submitting') : t('login.submit')}
                  </Button>
                </Form.Item>
              </Form>

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

      <footer className="login-footer">
        <div>{t('app.subtitle')}</div>
        <div>{t('app.browserHint')}</div>
      </footer>
    </div>
  );
}
