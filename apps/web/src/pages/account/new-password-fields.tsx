import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A new password under the password policy and its confirmation, for registration and for 修改密码;
 * `name` is the form field of the new password.
 */
export function NewPasswordFields({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        label={label}
        name={name}
        extra={t('account.passwordPolicy')}
        rules={[{ required: true, message: t('account.register.passwordRequired') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('account.register.confirmPassword')}
        name="confirmPassword"
        dependencies={[name]}
        rules={[
          { required: true, message: t('account.register.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue(name) === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('account.register.confirmMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
