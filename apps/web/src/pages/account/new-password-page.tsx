import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { changePassword } from '../../api/account.api';
import { describeError } from '../../components/api-error-alert';
import { FullPageSpin } from '../../components/full-page-spin';
import { useSession } from '../../session/session-context';
import { AccountShell } from './account-shell';
import { showFieldErrors } from './form-errors';
import { NewPasswordFields } from './new-password-fields';

interface NewPasswordForm {
  oldPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * 设置新密码: an account moved in from the old platform has signed in with its old password, which lived in a weaker
 * store; it sets a new one before anything else.
 */
export function NewPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { state, refresh } = useSession();
  const [form] = Form.useForm<NewPasswordForm>();
  const [isSaving, setIsSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (state.status === 'loading') return <FullPageSpin />;
  if (state.status !== 'authenticated') return <Navigate to="/login" replace />;
  if (!state.user.mustChangePassword && !isSaving) return <Navigate to="/" replace />;

  async function handleFinish(values: NewPasswordForm) {
    setIsSaving(true);
    setError(null);
    try {
      await changePassword({ oldPassword: values.oldPassword, newPassword: values.newPassword });
      await refresh();
      navigate('/', { replace: true });
    } catch (caught) {
      setIsSaving(false);
      setError(caught);
      showFieldErrors(form, caught, ['oldPassword', 'newPassword']);
    }
  }

  return (
    <AccountShell title={t('account.newPassword.title')}>
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('account.newPassword.intro')}
        </Typography.Paragraph>
        {error !== null && (
          <Alert type="error" showIcon title={describeError(error, t)} data-testid="form-error" />
        )}
        <Form<NewPasswordForm>
          form={form}
          layout="vertical"
          disabled={isSaving}
          onFinish={(values) => void handleFinish(values)}
        >
          <Form.Item
            label={t('account.newPassword.oldPassword')}
            name="oldPassword"
            rules={[{ required: true, message: t('account.center.oldPasswordRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <NewPasswordFields name="newPassword" label={t('account.center.newPassword')} />
          <Button type="primary" htmlType="submit" block loading={isSaving}>
            {t('account.newPassword.submit')}
          </Button>
        </Form>
      </Flex>
    </AccountShell>
  );
}
