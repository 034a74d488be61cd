import { Modal, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReminderResult } from '../../api/notice.api';

type Row =
  | (ReminderResult['recipients'][number] & { outcome: 'sent' })
  | (ReminderResult['skipped'][number] & { outcome: 'skipped' });

/** What a 催报 did, per enterprise: reminded or invited to apply, and whether an SMS went out — and why not. */
export function ReminderResultDialog({
  result,
  onClose,
}: {
  result: ReminderResult | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rows: Row[] = result
    ? [
        ...result.recipients.map((row) => ({ ...row, outcome: 'sent' as const })),
        ...result.skipped.map((row) => ({ ...row, outcome: 'skipped' as const })),
      ]
    : [];
  return (
    <Modal
      open={result !== null}
      title={t('adminWork.reminders.result.title')}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={720}
    >
      {result && (
        <Typography.Paragraph>
          {t('adminWork.reminders.sent', { count: result.notified, sms: result.sms.queued })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        size="small"
        rowKey="enterpriseId"
        data-testid="reminder-result"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('directory.name'), dataIndex: 'name', key: 'name' },
          {
            title: t('adminWork.reminders.result.sentAs'),
            key: 'kind',
            width: 130,
            render: (_, row) =>
              row.outcome === 'sent' ? (
                <Tag color={row.kind === 'apply' ? 'processing' : 'warning'}>
                  {t(`adminWork.reminders.result.kinds.${row.kind}`)}
                </Tag>
              ) : (
                <Tag>{t('adminWork.reminders.result.notSent')}</Tag>
              ),
          },
          {
            title: t('adminWork.reminders.result.sms'),
            key: 'sms',
            render: (_, row) =>
              row.outcome === 'skipped' ? (
                <Typography.Text type="secondary">
                  {t(`adminWork.reminders.result.reasons.${row.reason}`)}
                </Typography.Text>
              ) : row.smsRecipients > 0 ? (
                t('adminWork.reminders.result.smsQueued', { count: row.smsRecipients })
              ) : (
                <Typography.Text type="danger">{t('adminWork.reminders.result.noMobile')}</Typography.Text>
              ),
          },
        ]}
      />
    </Modal>
  );
}
