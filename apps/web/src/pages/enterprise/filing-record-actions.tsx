import { App, Button, Drawer, Flex, Input, Modal, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyForChange, fetchFilingChangeRequests } from '../../api/change-request.api';
import { useApiQuery } from '../../api/use-api-query';
import { describeError } from '../../components/api-error-alert';
import { FilingHistoryPanel } from '../../components/filing-history-panel';
import { RevisionCompare } from '../../components/revision-compare';
import { formatDateTime } from '../../format/date-format';

const minimumReasonLength = 5;

/**
 * The filing's record for its enterprise: 历史记录 / 版本对比 in a drawer, and 申请更正 once final acceptance
 * locked the filing, with where the latest request stands.
 */
export function FilingRecordActions({ filingId, isLocked }: { filingId: string; isLocked: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [isHistoryOpen, setIsHistoryOpen] = useState(false);
  const [isApplying, setIsApplying] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const requests = useApiQuery((signal) => fetchFilingChangeRequests(filingId, signal), [filingId]);
  const latest = requests.data?.items[0];
  const level = (value: string) => t(`shell.adminLevel.${value}` as 'shell.adminLevel.ministry');
  const reasonIsShort = reason.trim().length < minimumReasonLength;

  const submit = async () => {
    setIsBusy(true);
    try {
      await applyForChange(filingId, reason.trim());
      message.success(t('changeRequests.applied'));
      setIsApplying(false);
      setReason('');
      requests.reload();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Flex gap={8} align="center" wrap>
      {latest?.status === 'pending' ? (
        <Tooltip title={latest.reason}>
          <Tag color="processing" data-testid="change-request-state">
            {t('changeRequests.pending', {
              level: level(latest.decidingLevel),
              at: formatDateTime(latest.requestedAt),
              reason: latest.reason,
            })}
          </Tag>
        </Tooltip>
      ) : latest?.status === 'refused' && isLocked ? (
        <Tag color="error" data-testid="change-request-state">
          {t('changeRequests.refused', {
            at: formatDateTime(latest.decidedAt),
            note: latest.decisionNote ?? '',
          })}
        </Tag>
      ) : null}
      <Button onClick={() => setIsHistoryOpen(true)} data-testid="open-history">
        {t('filingHistory.button')}
      </Button>
      {isLocked && requests.data?.canApply ? (
        <Button type="primary" onClick={() => setIsApplying(true)} data-testid="apply-change">
          {t('changeRequests.apply')}
        </Button>
      ) : null}
      <Drawer
        open={isHistoryOpen}
        title={t('filingHistory.title')}
        size={960}
        onClose={() => setIsHistoryOpen(false)}
        destroyOnHidden
      >
        <Tabs
          items={[
            {
              key: 'history',
              label: t('filingHistory.historyTab'),
              children: <FilingHistoryPanel filingId={filingId} />,
            },
            {
              key: 'compare',
              label: t('filingHistory.compareTab'),
              children: <RevisionCompare filingId={filingId} />,
            },
          ]}
        />
      </Drawer>
      <Modal
        open={isApplying}
        title={t('changeRequests.applyTitle')}
        onCancel={() => setIsApplying(false)}
        okText={t('changeRequests.apply')}
        okButtonProps={{ disabled: reasonIsShort, loading: isBusy }}
        onOk={submit}
      >
        <Flex vertical gap={8}>
          <Typography.Paragraph type="secondary">
            {t('changeRequests.applyIntro', { level: level(requests.data?.decidingLevel ?? 'ministry') })}
          </Typography.Paragraph>
          <label htmlFor="change-reason">{t('changeRequests.reasonLabel')}</label>
          <Input.TextArea
            id="change-reason"
            rows={4}
            maxLength={1000}
            value={reason}
            placeholder={t('changeRequests.reasonPlaceholder')}
            onChange={(event) => setReason(event.target.value)}
          />
          {reason.trim() !== '' && reasonIsShort ? (
            <Typography.Text type="danger">{t('changeRequests.reasonTooShort')}</Typography.Text>
          ) : null}
        </Flex>
      </Modal>
    </Flex>
  );
}
