import { App as AntApp, Button, Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiErrorAlert, describeError } from '../../../components/api-error-alert';
import { PageHeader } from '../../../components/page-header';
import { useNoticeBoard } from './notice-board';
import { NoticeItem } from './notice-item';

/** 消息: reminders, returns and decisions the administrators sent the enterprise, newest first. */
export function MessagesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { notices, error, isLoading, reload, markAllRead } = useNoticeBoard();
  const unread = notices?.unreadCount ?? 0;
  return (
    <>
      <PageHeader
        title={t('menu.enterprise.messages')}
        extra={
          <Button
            disabled={unread === 0}
            onClick={() =>
              markAllRead().catch((reason: unknown) => void message.error(describeError(reason, t)))
            }
          >
            {t('messages.markAllRead')}
          </Button>
        }
      />
      <Card>
        {error ? (
          <ApiErrorAlert error={error} onRetry={reload} />
        ) : (
          <>
            <Typography.Text type="secondary" data-testid="unread-summary">
              {t('messages.unreadCount', { count: unread })}
            </Typography.Text>
            <List
              loading={isLoading && !notices}
              dataSource={notices?.items ?? []}
              locale={{ emptyText: <Empty description={t('messages.empty')} /> }}
              renderItem={(notice) => <NoticeItem key={notice.id} notice={notice} />}
            />
          </>
        )}
      </Card>
    </>
  );
}
