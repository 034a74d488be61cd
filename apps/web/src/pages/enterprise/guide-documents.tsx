import { FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { announcementAttachmentUrl, fetchAnnouncements } from '../../api/announcement.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { formatDate } from '../../format/date-format';

/**
 * 制度文件与操作手册: the documents the ministry and the regions above publish as such through 通知公告 (the survey's
 * 制度, the filing manual), each attachment a download link.
 */
export function GuideDocuments() {
  const { t } = useTranslation();
  const board = useApiQuery((signal) => fetchAnnouncements(signal), []);
  if (board.error) return <ApiErrorAlert error={board.error} onRetry={board.reload} />;
  const documents = (board.data?.items ?? []).filter((item) => item.category === 'document');
  return (
    <List
      data-testid="guide-documents"
      loading={board.isLoading && !board.data}
      dataSource={documents}
      locale={{ emptyText: t('guide.documentsEmpty') }}
      renderItem={(document) => (
        <List.Item key={document.id}>
          <List.Item.Meta
            title={document.title}
            description={t('guide.documentsPublishedBy', {
              region: document.publisher.regionName,
              at: formatDate(document.publishedAt),
            })}
          />
          <Flex vertical gap={4}>
            {document.attachments.map((file) => (
              <Typography.Link
                key={file.id}
                href={announcementAttachmentUrl(document.id, file.id)}
                download={file.fileName}
                data-testid="guide-document-link"
              >
                {file.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <PaperClipOutlined />}{' '}
                {file.fileName}
              </Typography.Link>
            ))}
          </Flex>
        </List.Item>
      )}
    />
  );
}
