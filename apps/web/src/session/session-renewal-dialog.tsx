import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/http-client';
import { requestLoginCode } from '../api/session.api';
import { describeError } from '../components/api-error-alert';
import { CaptchaImage, useCaptcha } from '../pages/account/captcha-image';
import { useSession } from './session-context';

interface RenewalFields {
  password: string;
  smsCode?: string;
  captchaAnswer?: string;
}

/**
 * 登录已过期: the login again, over the page that held the session (see `holdExpiry`), for the same account —
 * password, then the code texted to its mobile — so whatever the page holds stays where it is.
 */
export function SessionRenewalDialog({ username }: { username: string }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [form] = Form.useForm<RenewalFields>();
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isCaptchaNeeded, setIsCaptchaNeeded] = useState(false);
  const { captcha, refresh: refreshCaptcha } = useCaptcha(isCaptchaNeeded);

  const captchaFields = (answer: string | undefined) =>
    isCaptchaNeeded && captcha ? { captchaId: captcha.captchaId, captchaAnswer: answer ?? '' } : {};

  function showError(failure: unknown) {
    setError(failure);
    if (isApiError(failure) && failure.invalidParams?.some((param) => param.name === 'captcha')) {
      if (isCaptchaNeeded) refreshCaptcha();
      setIsCaptchaNeeded(true);
    }
  }

  async function sendCode() {
    const { password, captchaAnswer } = form.getFieldsValue();
    if (!password) {
      form.setFields([{ name: 'password', errors: [t('login.passwordRequired')] }]);
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      const sent = await requestLoginCode({ username, password, ...captchaFields(captchaAnswer) });
      setSentTo(sent.maskedMobile ?? '');
      if (isCaptchaNeeded) refreshCaptcha();
      form.focusField('smsCode');
    } catch (failure) {
      showError(failure);
    } finally {
      setIsBusy(false);
    }
  }

  async function renew(fields: RenewalFields) {
    if (!fields.smsCode?.trim()) {
      await sendCode();
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      await signIn({
        username,
        password: fields.password,
        smsCode: fields.smsCode.trim(),
        ...captchaFields(fields.captchaAnswer),
      });
    } catch (failure) {
      showError(failure);
      setIsBusy(false);
    }
  }

  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      keyboard={false}
      title={t('sessionRenewal.title')}
      footer={null}
      className="session-renewal-dialog"
    >
      <div data-testid="session-renewal">
        <Typography.Paragraph>{t('sessionRenewal.explain')}</Typography.Paragraph>
        {error !== null ? <Alert type="error" showIcon title={describeError(error, t)} /> : null}
        <Form<RenewalFields>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(fields) => void renew(fields)}
        >
          <Form.Item label={t('login.username')}>
            <Input value={username} disabled id="renewal-username" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password">
            <Input.Password id="renewal-password" autoComplete="current-password" autoFocus />
          </Form.Item>
          {isCaptchaNeeded ? (
            <Form.Item label={t('account.captcha.label')}>
              <Space.Compact block>
                <Form.Item name="captchaAnswer" noStyle>
                  <Input id="renewal-captcha" autoComplete="off" maxLength={8} />
                </Form.Item>
                <CaptchaImage captcha={captcha} onRefresh={refreshCaptcha} />
              </Space.Compact>
            </Form.Item>
          ) : null}
          <Form.Item
            label={t('login.smsCode')}
            extra={
              sentTo !== null ? (
                <span data-testid="renewal-sms-sent">{t('login.smsSent', { mobile: sentTo })}</span>
              ) : undefined
            }
          >
            <Space.Compact block>
              <Form.Item name="smsCode" noStyle>
                <Input id="renewal-sms-code" autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
              </Form.Item>
              <Button onClick={() => void sendCode()} loading={isBusy && sentTo === null}>
                {sentTo !== null ? t('login.resend') : t('login.sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            {sentTo !== null ? t('sessionRenewal.submit') : t('login.submitSendCode')}
          </Button>
        </Form>
      </div>
    </Modal>
  );
}
