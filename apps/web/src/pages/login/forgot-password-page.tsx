import { MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { requestPasswordResetCode, resetPassword } from '../../api/password-reset.api';
import { describeError } from '../../components/api-error-alert';
import { PublicFrame } from '../../layout/public-frame';
import { useCaptcha } from '../account/captcha-image';
import { CaptchaField, SmsCodeField, useCountdown } from '../account/code-fields';
import { isCaptchaProblem, showFieldErrors } from '../account/form-errors';
import { NewPasswordFields } from '../account/new-password-fields';

interface ResetForm {
  username: string;
  mobile: string;
  captchaAnswer?: string;
  smsCode?: string;
  newPassword?: string;
  confirmPassword?: string;
}

const fieldNames: readonly string[] = ['username', 'mobile', 'smsCode', 'newPassword'];

/**
 * 忘记密码: the username and the registered mobile get a code (the image captcha every time), then a new
 * password. The server answers alike whether or not the two belong together, and so does this page.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResetForm>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendIn, startResendCountdown] = useCountdown();
  const [isSending, setIsSending] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [isDone, setIsDone] = useState(false);
  // The captcha is asked before each code; for the reset itself only when the server asks (as at login).
  const [isCaptchaAskedOnReset, setIsCaptchaAskedOnReset] = useState(false);
  const isCaptchaShown = sentTo === null || isCaptchaAskedOnReset;
  const { captcha, refresh: refreshCaptcha } = useCaptcha(isCaptchaShown);

  function showError(problem: unknown, step: 'code' | 'reset') {
    setError(problem);
    showFieldErrors(form, problem, fieldNames);
    if (isCaptchaProblem(problem) && step === 'reset') setIsCaptchaAskedOnReset(true);
    refreshCaptcha();
    form.setFieldValue('captchaAnswer', '');
  }

  async function sendCode() {
    let values: ResetForm;
    try {
      values = await form.validateFields(['username', 'mobile', 'captchaAnswer']);
    } catch {
      return;
    }
    setIsSending(true);
    setError(null);
    try {
      const sent = await requestPasswordResetCode({
        username: values.username.trim(),
        mobile: values.mobile.trim(),
        captchaId: captcha?.captchaId ?? '',
        captchaAnswer: values.captchaAnswer ?? '',
      });
      setSentTo(sent.maskedMobile);
      setIsCaptchaAskedOnReset(false);
      startResendCountdown(sent.resendAfterSeconds);
      form.setFieldValue('captchaAnswer', '');
      form.focusField('smsCode');
    } catch (problem) {
      showError(problem, 'code');
    } finally {
      setIsSending(false);
    }
  }

  async function handleFinish(values: ResetForm) {
    if (!sentTo) {
      await sendCode();
      return;
    }
    setIsSubmitting(true);
    setError(null);
    try {
      await resetPassword({
        username: values.username.trim(),
        mobile: values.mobile.trim(),
        smsCode: values.smsCode?.trim() ?? '',
        newPassword: values.newPassword ?? '',
        ...(isCaptchaAskedOnReset && captcha
          ? { captchaId: captcha.captchaId, captchaAnswer: values.captchaAnswer ?? '' }
          : {}),
      });
      setIsDone(true);
    } catch (problem) {
      showError(problem, 'reset');
    } finally {
      setIsSubmitting(false);
    }
  }

  return (
    <PublicFrame>
      <main className="login-hero">
        <div className="login-hero-inner">
          <Card className="login-card" title={t('passwordReset.title')} variant="borderless">
            {isDone ? (
              <Result
                status="success"
                title={t('passwordReset.doneTitle')}
                subTitle={t('passwordReset.doneHint')}
                extra={
                  <Link to="/login" data-testid="back-to-login">
                    {t('passwordReset.backToLogin')}
                  </Link>
                }
              />
            ) : (
              <Flex vertical gap={16}>
                <Alert type="info" showIcon title={t('passwordReset.intro')} />
                {error !== null && <Alert type="error" showIcon title={describeError(error, t)} />}
                <Form<ResetForm>
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  disabled={isSubmitting}
                  onFinish={(values) => void handleFinish(values)}
                  onValuesChange={(changed: Partial<ResetForm>) => {
                    setError(null);
                    // Another account or number needs its own code.
                    if ('username' in changed || 'mobile' in changed) setSentTo(null);
                  }}
                >
                  <Form.Item
                    label={t('login.username')}
                    name="username"
                    rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
                  >
                    <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
                  </Form.Item>
                  <Form.Item
                    label={t('passwordReset.mobile')}
                    name="mobile"
                    extra={t('passwordReset.mobileHint')}
                    rules={[
                      { required: true, message: t('passwordReset.mobileRequired') },
                      { pattern: /^1[3-9]\d{9}$/, message: t('passwordReset.mobileInvalid') },
                    ]}
                  >
                    <Input
                      prefix={<MobileOutlined />}
                      inputMode="numeric"
                      maxLength={11}
                      autoComplete="tel"
                    />
                  </Form.Item>
                  {isCaptchaShown && <CaptchaField captcha={captcha} onRefresh={refreshCaptcha} />}
                  <SmsCodeField
                    sentHint={sentTo ? t('passwordReset.smsSent', { mobile: sentTo }) : null}
                    onSend={() => void sendCode()}
                    isSending={isSending}
                    resendIn={resendIn}
                  />
                  {sentTo && <NewPasswordFields name="newPassword" label={t('passwordReset.newPassword')} />}
                  <Form.Item style={{ marginBottom: 0 }}>
                    <Button type="primary" htmlType="submit" block loading={isSubmitting || isSending}>
                      {sentTo ? t('passwordReset.submit') : t('login.sendCode')}
                    </Button>
                  </Form.Item>
                </Form>
                <Link to="/login">{t('passwordReset.backToLogin')}</Link>
              </Flex>
            )}
          </Card>
        </div>
      </main>
    </PublicFrame>
  );
}
