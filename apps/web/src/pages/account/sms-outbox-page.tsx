import { Alert, Button, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchSmsOutbox } from '../../api/account.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDateTime } from '../../format/date-format';
import { AccountShell } from './account-shell';

/** Development only: the text messages the server "sent" (the route does not exist in production). */
export function SmsOutboxPage() {
  const { t } = useTranslation();
  const outbox = useApiQuery((signal) => fetchSmsOutbox(signal), []);
  return (
    <AccountShell
      title={t('account.outbox.title')}
      extra={<Button onClick={outbox.reload}>{t('account.outbox.refresh')}</Button>}
    >
      <Flex vertical gap={16}>
        <Alert type="warning" showIcon title={t('account.outbox.hint')} />
        {outbox.error ? (
          <ApiErrorAlert error={outbox.error} onRetry={outbox.reload} />
        ) : (
          <List
            loading={outbox.isLoading}
            dataSource={outbox.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('account.outbox.empty')} /> }}
            renderItem={(message) => (
              <List.Item data-testid="outbox-message">
                <List.Item.Meta
                  title={
                    <Flex gap={12}>
                      <Typography.Text code>{message.mobile}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(message.sentAt)}</Typography.Text>
                    </Flex>
                  }
                  description={<Typography.Text copyable>{message.text}</Typography.Text>}
                />
              </List.Item>
            )}
          />
        )}
      </Flex>
    </AccountShell>
  );
}
