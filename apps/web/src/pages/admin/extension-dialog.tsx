import { App, DatePicker, Flex, Form, Input, List, Modal, Tag, Typography } from 'antd';
import type { GrantedRegionExtension } from '@zhibao/contracts';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { grantExtension, grantRegionExtension } from '../../api/admin.api';
import { isApiError } from '../../api/http-client';
import { describeError } from '../../components/api-error-alert';
import { formatDateTime, surveyInstantOf } from '../../format/date-format';

interface ExtensionForm {
  until: Dayjs;
  reason: string;
}

/** One enterprise (with its current deadline), or a whole region (地区延期). */
export type ExtensionSubject =
  | { kind: 'enterprise'; enterpriseId: string; name: string; deadline?: string }
  | { kind: 'region'; regionCode: string; name: string };

/**
 * 延期: a new deadline for one enterprise, or for every enterprise of a region still to file, with the reason;
 * each enterprise extended is told in its 消息.
 */
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
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ExtensionForm>();
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => {
    if (subject) form.resetFields();
  }, [subject, form]);

  const grant = async (values: ExtensionForm) => {
    if (!taskId || !subject) return;
    setIsSaving(true);
    try {
      const extension = { until: surveyInstantOf(values.until), reason: values.reason.trim() };
      if (subject.kind === 'enterprise') {
        await grantExtension(taskId, { enterpriseId: subject.enterpriseId, ...extension });
        message.success(t('adminWork.reminders.extension.granted', { name: subject.name }));
      } else {
        const granted = await grantRegionExtension(taskId, { regionCode: subject.regionCode, ...extension });
        // Each enterprise by name: the ones extended and told, and the ones left as they were, with why.
        modal.success({
          title: t('adminWork.reminders.extension.grantedRegion', {
            name: subject.name,
            count: granted.extended.length,
            skipped: granted.skipped.length,
          }),
          width: 560,
          content: <RegionExtensionResult granted={granted} />,
        });
      }
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
      title={t(
        subject?.kind === 'region'
          ? 'adminWork.reminders.extension.titleRegion'
          : 'adminWork.reminders.extension.title',
        { name: subject?.name ?? '' },
      )}
      okText={t('adminWork.reminders.extension.grant')}
      okButtonProps={{ loading: isSaving, htmlType: 'submit', form: 'extension-form' }}
      onCancel={onClose}
      destroyOnHidden
    >
      {subject && (
        <Typography.Paragraph type="secondary">
          {subject.kind === 'region'
            ? t('adminWork.reminders.extension.regionHint')
            : subject.deadline &&
              t('adminWork.reminders.extension.current', { at: formatDateTime(subject.deadline) })}
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

/** 地区延期's answer: who was extended (and told in 消息), who was left as they were and why. */
function RegionExtensionResult({ granted }: { granted: GrantedRegionExtension }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} data-testid="region-extension-result">
      <Typography.Text>
        {t('adminWork.reminders.extension.newDeadline', { at: formatDateTime(granted.until) })}
      </Typography.Text>
      <List
        size="small"
        header={t('adminWork.reminders.extension.extendedList', { count: granted.extended.length })}
        dataSource={granted.extended}
        locale={{ emptyText: t('adminWork.reminders.extension.noneExtended') }}
        renderItem={(row) => <List.Item>{row.name}</List.Item>}
      />
      {granted.skipped.length > 0 && (
        <List
          size="small"
          header={t('adminWork.reminders.extension.skippedList', { count: granted.skipped.length })}
          dataSource={granted.skipped}
          renderItem={(row) => (
            <List.Item>
              {row.name} <Tag>{t(`adminWork.reminders.extension.skipReasons.${row.reason}`)}</Tag>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}
