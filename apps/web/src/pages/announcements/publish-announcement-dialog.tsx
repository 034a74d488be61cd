import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  announcementAttachmentFields,
  publishAnnouncement,
  type AnnouncementAudience,
  type AnnouncementCategory,
} from '../../api/announcement.api';
import { isApiError } from '../../api/http-client';
import { describeError } from '../../components/api-error-alert';

interface FormValues {
  title: string;
  body: string;
  audience: AnnouncementAudience;
  category: AnnouncementCategory;
  isPinned: boolean;
  expiresOn?: Dayjs | null;
}

const audiences: AnnouncementAudience[] = ['all', 'enterprises', 'administrators'];
const categories: AnnouncementCategory[] = ['notice', 'document'];

/** 发布通知公告: for the administrator's region and the regions below, with up to three attachments. */
export function PublishAnnouncementDialog({
  onClose,
  onPublished,
}: {
  onClose: () => void;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [isSending, setIsSending] = useState(false);

  const publish = async (values: FormValues) => {
    const body = new FormData();
    body.set('title', values.title);
    body.set('body', values.body);
    body.set('audience', values.audience);
    body.set('category', values.category);
    body.set('isPinned', String(values.isPinned));
    if (values.expiresOn) body.set('expiresOn', values.expiresOn.format('YYYY-MM-DD'));
    files.forEach((file, index) => {
      if (file.originFileObj) body.set(announcementAttachmentFields[index]!, file.originFileObj, file.name);
    });
    setIsSending(true);
    setError(null);
    try {
      await publishAnnouncement(body);
      onPublished();
    } catch (caught) {
      if (isApiError(caught) && caught.invalidParams) {
        form.setFields(
          caught.invalidParams.map((param) => ({
            name: (param.name.startsWith('attachment') ? 'attachments' : param.name) as keyof FormValues,
            errors: [param.reason],
          })),
        );
      }
      setError(caught);
    } finally {
      setIsSending(false);
    }
  };

  return (
    <Modal
      open
      title={t('announcements.publish')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('announcements.publishAction')}
      confirmLoading={isSending}
      width={680}
    >
      {error !== null && (
        <Alert type="error" showIcon title={describeError(error, t)} style={{ marginBottom: 16 }} />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={publish}
        initialValues={{ audience: 'all', category: 'notice', isPinned: false }}
      >
        <Form.Item
          name="title"
          label={t('announcements.fields.title')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={100} data-testid="announcement-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('announcements.fields.body')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={8} maxLength={10_000} data-testid="announcement-body" />
        </Form.Item>
        <Form.Item name="audience" label={t('announcements.fields.audience')}>
          <Radio.Group
            options={audiences.map((audience) => ({
              value: audience,
              label: t(`announcements.audiences.${audience}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="category" label={t('announcements.fields.category')}>
          <Radio.Group
            data-testid="announcement-category"
            options={categories.map((category) => ({
              value: category,
              label: t(`announcements.categories.${category}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="isPinned" valuePropName="checked">
          <Checkbox>{t('announcements.fields.isPinned')}</Checkbox>
        </Form.Item>
        <Form.Item name="expiresOn" label={t('announcements.fields.expiresOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="attachments"
          label={t('announcements.fields.attachments')}
          extra={t('announcements.attachmentHint')}
        >
          <Upload
            accept=".pdf,.doc,.docx,.xls,.xlsx"
            multiple
            maxCount={announcementAttachmentFields.length}
            beforeUpload={() => false}
            fileList={files}
            onChange={(info) => setFiles(info.fileList)}
            data-testid="announcement-attachments"
          >
            <Button icon={<UploadOutlined />}>{t('announcements.chooseFiles')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
