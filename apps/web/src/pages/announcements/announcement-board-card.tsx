import { NotificationOutlined, PushpinOutlined, RightOutlined } from '@ant-design/icons';
import { Badge, Card, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAnnouncements } from '../../api/announcement.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDate } from '../../format/date-format';
import { useCurrentUser } from '../../session/session-context';
import { announcementPathOf, announcementsPathOf } from './announcement-paths';

const shownOnHome = 5;

/** 通知公告 on a home page: the latest of the reader's region and the levels above, pinned first. */
export function AnnouncementBoardCard() {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const board = useApiQuery((signal) => fetchAnnouncements(signal), []);
  return (
    <Card
      data-testid="announcement-board"
      title={
        <span>
          <NotificationOutlined className="card-title-icon" />
          {t('announcements.title')} <Badge count={board.data?.unreadCount ?? 0} size="small" />
        </span>
      }
      extra={
        <Link to={announcementsPathOf(role)}>
          {t('announcements.all')} <RightOutlined />
        </Link>
      }
    >
      {board.error ? (
        <ApiErrorAlert error={board.error} onRetry={board.reload} />
      ) : (
        <List
          itemLayout="vertical"
          split
          loading={board.isLoading && !board.data}
          dataSource={(board.data?.items ?? []).slice(0, shownOnHome)}
          locale={{ emptyText: t('announcements.empty') }}
          renderItem={(announcement) => (
            <List.Item key={announcement.id} data-testid="announcement-item">
              <Flex gap={6} align="baseline">
                {announcement.isPinned && (
                  <Tag color="red" icon={<PushpinOutlined />}>
                    {t('announcements.pinned')}
                  </Tag>
                )}
                <Link to={announcementPathOf(role, announcement.id)}>
                  <Typography.Text strong={!announcement.isRead}>{announcement.title}</Typography.Text>
                </Link>
              </Flex>
              <Typography.Text type="secondary" className="notice-date">
                {announcement.publisher.regionName} · {formatDate(announcement.publishedAt)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
