import { PaperClipOutlined, PushpinOutlined } from '@ant-design/icons';
import {
  App as AntApp,
  Badge,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  List,
  Popconfirm,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  announcementAttachmentUrl,
  fetchAnnouncements,
  markAnnouncementRead,
  withdrawAnnouncement,
  type AnnouncementView,
} from '../../api/announcement.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDate, formatDateTime } from '../../format/date-format';
import { useCurrentUser } from '../../session/session-context';
import { PublishAnnouncementDialog } from './publish-announcement-dialog';

/**
 * 通知公告: those of the reader's region and the levels above, pinned first; one opens beside the list (its link
 * `?id=` comes from the home page) and counts as read. Administrators publish for their region and withdraw
 * their own.
 */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { role } = useCurrentUser();
  const board = useApiQuery((signal) => fetchAnnouncements(signal), []);
  const [params, setParams] = useSearchParams();
  const [isPublishing, setIsPublishing] = useState(false);
  const openId = params.get('id');
  const opened = board.data?.items.find((item) => item.id === openId);
  const { reload } = board;

  useEffect(() => {
    if (!opened || opened.isRead) return;
    markAnnouncementRead(opened.id)
      .then(reload)
      .catch((error: unknown) => void message.error(describeError(error, t)));
  }, [opened, reload, message, t]);

  const open = (id: string | null) => setParams(id ? { id } : {});
  const withdraw = async (announcement: AnnouncementView) => {
    try {
      await withdrawAnnouncement(announcement.id);
      open(null);
      reload();
      void message.success(t('announcements.withdrawn'));
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  return (
    <>
      <PageHeader
        title={t('announcements.title')}
        extra={
          role === 'admin' && (
            <Button type="primary" onClick={() => setIsPublishing(true)} data-testid="publish-announcement">
              {t('announcements.publish')}
            </Button>
          )
        }
      />
      <Card>
        {board.error ? (
          <ApiErrorAlert error={board.error} onRetry={reload} />
        ) : (
          <List
            loading={board.isLoading && !board.data}
            dataSource={board.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('announcements.empty')} /> }}
            renderItem={(announcement) => (
              <List.Item
                key={announcement.id}
                data-testid="announcement-item"
                actions={[
                  <Button key="open" type="link" size="small" onClick={() => open(announcement.id)}>
                    {t('announcements.open')}
                  </Button>,
                ]}
              >
                <Flex vertical gap={4}>
                  <Flex gap={8} align="center" wrap>
                    {!announcement.isRead && (
                      <span role="img" aria-label={t('announcements.unread')}>
                        <Badge status="processing" />
                      </span>
                    )}
                    {announcement.isPinned && (
                      <Tag color="red" icon={<PushpinOutlined />}>
                        {t('announcements.pinned')}
                      </Tag>
                    )}
                    <Typography.Text strong={!announcement.isRead}>{announcement.title}</Typography.Text>
                    {announcement.attachments.length > 0 && <PaperClipOutlined aria-hidden />}
                  </Flex>
                  <Typography.Text type="secondary">
                    {announcement.publisher.regionName} · {formatDate(announcement.publishedAt)}
                    {role === 'admin' && ` · ${t(`announcements.audiences.${announcement.audience}`)}`}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Drawer
        open={opened !== undefined}
        onClose={() => open(null)}
        width={640}
        title={opened?.title}
        data-testid="announcement-detail"
        extra={
          opened?.isOwn && (
            <Popconfirm title={t('announcements.withdrawConfirm')} onConfirm={() => withdraw(opened)}>
              <Button danger>{t('announcements.withdraw')}</Button>
            </Popconfirm>
          )
        }
      >
        {opened && (
          <Flex vertical gap={16}>
            <Typography.Text type="secondary">
              {t('announcements.publishedBy', {
                region: opened.publisher.regionName,
                at: formatDateTime(opened.publishedAt),
              })}
              {opened.expiresAt && ` · ${t('announcements.expiresAt', { at: formatDate(opened.expiresAt) })}`}
            </Typography.Text>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{opened.body}</Typography.Paragraph>
            {opened.attachments.length > 0 && (
              <div>
                <Typography.Title level={5}>{t('announcements.attachments')}</Typography.Title>
                <List
                  size="small"
                  dataSource={opened.attachments}
                  renderItem={(file) => (
                    <List.Item key={file.id}>
                      <a href={announcementAttachmentUrl(opened.id, file.id)} download={file.fileName}>
                        <PaperClipOutlined /> {file.fileName}
                      </a>
                    </List.Item>
                  )}
                />
              </div>
            )}
          </Flex>
        )}
      </Drawer>
      {isPublishing && (
        <PublishAnnouncementDialog
          onClose={() => setIsPublishing(false)}
          onPublished={() => {
            setIsPublishing(false);
            reload();
            void message.success(t('announcements.published'));
          }}
        />
      )}
    </>
  );
}
