import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { grantExtension } from '../../api/admin.api';
import { isApiError } from '../../api/http-client';
import { describeError } from '../../components/api-error-alert';
import { formatDateTime, surveyInstantOf } from '../../format/date-format';

interface ExtensionForm {
  until: Dayjs;
  reason: string;
}

export interface ExtensionSubject {
  enterpriseId: string;
  name: string;
  deadline: string;
}

/** 延期: a new deadline for one enterprise, with the reason; the enterprise is told in its 消息. */
export function ExtensionDialog({
  taskId,
  subject,
  onClose,
  onGranted,
}: {
  taskId: string | undefined;
  subject: ExtensionSubject | null;
  onClose: () => void;
  onGranted: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ExtensionForm>();
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => {
    if (subject) form.resetFields();
  }, [subject, form]);

  const grant = async (values: ExtensionForm) => {
    if (!taskId || !subject) return;
    setIsSaving(true);
    try {
      await grantExtension(taskId, {
        enterpriseId: subject.enterpriseId,
        until: surveyInstantOf(values.until),
        reason: values.reason.trim(),
      });
      message.success(t('adminWork.reminders.extension.granted', { name: subject.name }));
      onGranted();
    } catch (error) {
      if (isApiError(error) && error.invalidParams) {
        form.setFields(
          error.invalidParams
            .filter((param) => param.name === 'until' || param.name === 'reason')
            .map((param) => ({ name: param.name as keyof ExtensionForm, errors: [param.reason] })),
        );
      }
      message.error(describeError(error, t));
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal
      open={subject !== null}
      title={t('adminWork.reminders.extension.title', { name: subject?.name ?? '' })}
      okText={t('adminWork.reminders.extension.grant')}
      okButtonProps={{ loading: isSaving, htmlType: 'submit', form: 'extension-form' }}
      onCancel={onClose}
      destroyOnHidden
    >
      {subject && (
        <Typography.Paragraph type="secondary">
          {t('adminWork.reminders.extension.current', { at: formatDateTime(subject.deadline) })}
        </Typography.Paragraph>
      )}
      <Form<ExtensionForm> id="extension-form" form={form} layout="vertical" onFinish={grant}>
        <Form.Item
          name="until"
          label={t('adminWork.reminders.extension.until')}
          rules={[{ required: true, message: t('adminWork.reminders.extension.untilRequired') }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('adminWork.reminders.extension.reason')}
          rules={[
            { required: true, whitespace: true, message: t('adminWork.reminders.extension.reasonRequired') },
            { max: 500, message: t('adminWork.reminders.extension.reasonTooLong') },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
