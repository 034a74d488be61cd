import { Alert, App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestMobileResetCode, resetMobile, type MobileResetBy } from '../../api/mobile-reset.api';
import { describeError } from '../../components/api-error-alert';
import { showFieldErrors } from './form-errors';

interface MobileResetForm {
  newMobile: string;
  newMobileCode?: string;
}

/**
 * 更换手机号 for a person whose old phone is lost: the new number receives a code, its owner reads it out, and
 * the number changes (the account is signed out everywhere, the change is recorded and announced).
 */
export function MobileResetDialog({
  by,
  account,
  onClose,
  onDone,
}: {
  by: MobileResetBy;
  account: { id: string; username: string; displayName: string };
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MobileResetForm>();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function sendCode() {
    let values: MobileResetForm;
    try {
      values = await form.validateFields(['newMobile']);
    } catch {
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      const sent = await requestMobileResetCode(by, account.id, values.newMobile.trim());
      setSentTo(sent.newMaskedMobile);
    } catch (problem) {
      setError(problem);
      showFieldErrors(form, problem, ['newMobile', 'newMobileCode']);
    } finally {
      setIsBusy(false);
    }
  }

  async function confirm() {
    let values: MobileResetForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setIsBusy(true);
    setError(null);
    try {
      const done = await resetMobile(by, account.id, {
        newMobile: values.newMobile.trim(),
        newMobileCode: values.newMobileCode?.trim() ?? '',
      });
      void message.success(t('mobileReset.done', { name: account.displayName, mobile: done.maskedMobile }));
      onDone();
    } catch (problem) {
      setError(problem);
      showFieldErrors(form, problem, ['newMobile', 'newMobileCode']);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('mobileReset.title', { name: account.displayName, username: account.username })}
      okText={t('mobileReset.confirm')}
      okButtonProps={{ disabled: !sentTo, loading: isBusy }}
      onOk={() => void confirm()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('mobileReset.intro')} />
        {error !== null && <Alert type="error" showIcon title={describeError(error, t)} />}
        <Form<MobileResetForm>
          form={form}
          layout="vertical"
          onValuesChange={(changed: Partial<MobileResetForm>) => {
            if ('newMobile' in changed) setSentTo(null);
          }}
        >
          <Form.Item
            label={t('mobileReset.newMobile')}
            name="newMobile"
            rules={[
              { required: true, message: t('passwordReset.mobileRequired') },
              { pattern: /^1[3-9]\d{9}$/, message: t('passwordReset.mobileInvalid') },
            ]}
          >
            <Input inputMode="numeric" maxLength={11} data-testid="mobile-reset-new-mobile" />
          </Form.Item>
          <Form.Item
            label={t('mobileReset.code')}
            required
            extra={sentTo ? t('mobileReset.sent', { mobile: sentTo }) : undefined}
          >
            <Space.Compact block>
              <Form.Item
                name="newMobileCode"
                noStyle
                rules={[{ required: true, message: t('login.smsCodeRequired') }]}
              >
                <Input inputMode="numeric" maxLength={6} data-testid="mobile-reset-code" />
              </Form.Item>
              <Button onClick={() => void sendCode()} loading={isBusy} data-testid="mobile-reset-send">
                {sentTo ? t('login.resend') : t('login.sendCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
