import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { register, requestRegistrationCode } from '../../api/account.api';
import { describeError } from '../../components/api-error-alert';
import { accountPaths } from '../../routes/paths';
import { useSession } from '../../session/session-context';
import { NewPasswordFields } from './new-password-fields';
import { AccountShell } from './account-shell';
import { useCaptcha } from './captcha-image';
import { CaptchaField, SmsCodeField } from './code-fields';
import { isCaptchaProblem, showFieldErrors } from './form-errors';

interface RegistrationForm {
  username: string;
  password: string;
  confirmPassword: string;
  mobile: string;
  captchaAnswer: string;
  smsCode: string;
}

const fields = ['username', 'password', 'mobile', 'smsCode', 'captcha'] as const;

/** 注册: login name, password, mobile proven by a texted code (the image captcha guards the texting). */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, adopt } = useSession();
  const [form] = Form.useForm<RegistrationForm>();
  const { captcha, refresh } = useCaptcha();
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [captchaProblem, setCaptchaProblem] = useState<string | null>(null);

  if (state.status === 'authenticated' && !isBusy) return <Navigate to="/" replace />;

  async function sendCode() {
    let values: Pick<RegistrationForm, 'mobile' | 'captchaAnswer'>;
    try {
      values = await form.validateFields(['mobile', 'captchaAnswer']);
    } catch {
      return;
    }
    if (!values.captchaAnswer?.trim()) {
      setCaptchaProblem(t('account.captcha.required'));
      return;
    }
    setCaptchaProblem(null);
    setError(null);
    try {
      await requestRegistrationCode({
        mobile: values.mobile.trim(),
        captchaId: captcha?.captchaId ?? '',
        captchaAnswer: values.captchaAnswer,
      });
      setSentTo(values.mobile.trim());
      form.focusField('smsCode');
    } catch (caught) {
      setError(caught);
      showFieldErrors(form, caught, fields);
      if (isCaptchaProblem(caught))
        form.setFields([{ name: 'captchaAnswer', errors: [describeError(caught, t)] }]);
    } finally {
      refresh();
      form.setFieldValue('captchaAnswer', '');
    }
  }

  async function handleFinish(values: RegistrationForm) {
    setIsBusy(true);
    setError(null);
    try {
      const session = await register({
        username: values.username.trim(),
        password: values.password,
        mobile: values.mobile.trim(),
        smsCode: values.smsCode.trim(),
      });
      adopt(session);
      navigate(accountPaths.verify, { replace: true });
    } catch (caught) {
      setIsBusy(false);
      setError(caught);
      showFieldErrors(form, caught, fields);
    }
  }

  return (
    <AccountShell title={t('account.register.title')}>
      <Flex vertical gap={16}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('account.register.intro')}
        </Typography.Paragraph>
        {error !== null && (
          <Alert type="error" showIcon title={describeError(error, t)} data-testid="form-error" />
        )}
        <Form<RegistrationForm>
          form={form}
          layout="vertical"
          requiredMark
          disabled={isBusy}
          onFinish={(values) => void handleFinish(values)}
          onValuesChange={() => setError(null)}
        >
          <Form.Item
            label={t('account.register.username')}
            name="username"
            extra={t('account.register.usernameHint')}
            rules={[{ required: true, whitespace: true, message: t('account.register.usernameRequired') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <NewPasswordFields name="password" label={t('account.register.password')} />
          <Form.Item
            label={t('account.register.mobile')}
            name="mobile"
            rules={[
              { required: true, pattern: /^1[3-9]\d{9}$/, message: t('account.register.mobileInvalid') },
            ]}
          >
            <Input inputMode="tel" maxLength={11} />
          </Form.Item>
          {/* Checked only when texting the code (sendCode), not when registering. */}
          <CaptchaField captcha={captcha} onRefresh={refresh} problem={captchaProblem} />
          <SmsCodeField
            sentHint={sentTo ? t('login.smsSent', { mobile: sentTo }) : null}
            onSend={() => void sendCode()}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.smsCodeRequired') }]}
          />
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            {t('account.register.submit')}
          </Button>
        </Form>
        <Flex justify="flex-end" gap={8}>
          <Typography.Text type="secondary">{t('account.register.haveAccount')}</Typography.Text>
          <Link to="/login">{t('account.register.toLogin')}</Link>
        </Flex>
      </Flex>
    </AccountShell>
  );
}
