import { App as AntApp, Badge, Button, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NoticeView } from '../../../api/notice.api';
import { describeError } from '../../../components/api-error-alert';
import { formatDateTime } from '../../../format/date-format';
import { useNoticeBoard } from './notice-board';
import { noticeTarget } from './notice-link';

const kindColor: Record<NoticeView['kind'], string> = {
  'filing-returned': 'error',
  reminder: 'warning',
  'application-invitation': 'processing',
  extension: 'success',
  'task-application-decided': 'default',
  'change-request-decided': 'default',
  'account-mobile-reset': 'default',
};

/** One notice: unread ones stand out; opening its link or 标为已读 marks it read. */
export function NoticeItem({ notice, compact = false }: { notice: NoticeView; compact?: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { markRead } = useNoticeBoard();
  const target = noticeTarget(notice);
  const read = () => {
    if (notice.isRead) return;
    markRead(notice.id).catch((error: unknown) => void message.error(describeError(error, t)));
  };
  return (
    <List.Item
      className={notice.isRead ? 'notice-item' : 'notice-item notice-item-unread'}
      data-testid="notice-item"
      actions={
        compact
          ? undefined
          : [
              target && (
                <Link key="open" to={target} onClick={read}>
                  {t('messages.open')}
                </Link>
              ),
              !notice.isRead && (
                <Button key="read" type="link" size="small" onClick={read}>
                  {t('messages.markRead')}
                </Button>
              ),
            ].filter(Boolean)
      }
    >
      <Flex vertical gap={4}>
        <Flex align="center" gap={8} wrap>
          {!notice.isRead && (
            <span role="img" aria-label={t('messages.unread')}>
              <Badge status="processing" />
            </span>
          )}
          <Tag color={kindColor[notice.kind]}>{t(`messages.kinds.${notice.kind}`)}</Tag>
          {compact && target ? (
            <Link to={target} onClick={read}>
              <Typography.Text strong={!notice.isRead}>{notice.title}</Typography.Text>
            </Link>
          ) : (
            <Typography.Text strong={!notice.isRead}>{notice.title}</Typography.Text>
          )}
        </Flex>
        {!compact && <Typography.Paragraph className="notice-body">{notice.body}</Typography.Paragraph>}
        <Typography.Text type="secondary" className="notice-date">
          {formatDateTime(notice.createdAt)}
        </Typography.Text>
      </Flex>
    </List.Item>
  );
}
