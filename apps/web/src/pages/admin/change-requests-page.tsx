import { App, Button, Card, Flex, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  fetchChangeRequests,
  grantChangeRequest,
  refuseChangeRequest,
  type ChangeRequest,
  type ChangeRequestStatusFilter,
} from '../../api/change-request.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { reviewFilingPath } from '../../routes/paths';

const statusColor = { pending: 'processing', granted: 'success', refused: 'error' } as const;
/** The days a granted change stays open after the window closed (the server's reopenedWindowDays). */
const reopenedWindowDays = 7;

type Decision = { request: ChangeRequest; action: 'grant' | 'refuse' };

/**
 * 更正申请: enterprises' requests to reopen filings locked by final acceptance. The level that accepted them
 * grants or refuses; the levels below see them read-only.
 */
export function ChangeRequestsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<ChangeRequestStatusFilter>('pending');
  const requests = useApiQuery((signal) => fetchChangeRequests(status, signal), [status]);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const level = (value: string) => t(`shell.adminLevel.${value}` as 'shell.adminLevel.ministry');

  const decide = async () => {
    if (!decision) return;
    setIsBusy(true);
    try {
      if (decision.action === 'grant') {
        await grantChangeRequest(decision.request.id, note);
        message.success(t('changeRequests.granted'));
      } else {
        await refuseChangeRequest(decision.request.id, note);
        message.success(t('changeRequests.refusedDone'));
      }
      setDecision(null);
      setNote('');
      requests.reload();
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsBusy(false);
    }
  };

  const columns: ColumnsType<ChangeRequest> = [
    {
      title: t('changeRequests.enterprise'),
      key: 'enterprise',
      render: (_, request) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{request.enterpriseName}</Typography.Text>
          <Typography.Text type="secondary">{request.uscc}</Typography.Text>
        </Space>
      ),
    },
    { title: t('changeRequests.region'), dataIndex: 'regionName', key: 'region', width: 100 },
    {
      title: t('changeRequests.report'),
      key: 'report',
      width: 200,
      render: (_, request) => (
        <Space direction="vertical" size={0}>
          <Link to={reviewFilingPath(request.filingId)}>{request.periodLabel}</Link>
          <Typography.Text type="secondary">{request.taskName}</Typography.Text>
        </Space>
      ),
    },
    { title: t('changeRequests.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('changeRequests.requested'),
      key: 'requested',
      width: 160,
      render: (_, request) => (
        <Space direction="vertical" size={0}>
          <span>{request.requestedBy}</span>
          <Typography.Text type="secondary">{formatDateTime(request.requestedAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('changeRequests.decision'),
      key: 'decision',
      width: 240,
      render: (_, request) =>
        request.canDecide ? (
          <Flex gap={8}>
            <Button
              type="primary"
              size="small"
              data-testid="grant-change"
              onClick={() => setDecision({ request, action: 'grant' })}
            >
              {t('changeRequests.grant')}
            </Button>
            <Button
              danger
              size="small"
              data-testid="refuse-change"
              onClick={() => setDecision({ request, action: 'refuse' })}
            >
              {t('changeRequests.refuse')}
            </Button>
          </Flex>
        ) : (
          <Space direction="vertical" size={0}>
            <Tag color={statusColor[request.status]}>{t(`changeRequests.status.${request.status}`)}</Tag>
            {request.status === 'pending' ? (
              <Typography.Text type="secondary">
                {t('changeRequests.readOnly', { level: level(request.decidingLevel) })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">
                {[request.decidedBy, formatDateTime(request.decidedAt), request.decisionNote]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            )}
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('changeRequests.menu')}
        extra={
          requests.data && requests.data.pendingForMe > 0 ? (
            <Tag color="processing" data-testid="pending-for-me">
              {t('changeRequests.pendingForMe', { count: requests.data.pendingForMe })}
            </Tag>
          ) : null
        }
      />
      <Card>
        <Flex vertical gap={12}>
          <Segmented<ChangeRequestStatusFilter>
            value={status}
            onChange={setStatus}
            options={(['pending', 'granted', 'refused', 'all'] as const).map((value) => ({
              value,
              label: t(`changeRequests.filter.${value}`),
            }))}
          />
          {requests.error ? (
            <ApiErrorAlert error={requests.error} onRetry={requests.reload} />
          ) : (
            <Table<ChangeRequest>
              rowKey="id"
              data-testid="change-requests"
              columns={columns}
              dataSource={requests.data?.items ?? []}
              loading={requests.isLoading}
              scroll={{ x: 1000 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
            />
          )}
        </Flex>
      </Card>
      <Modal
        open={decision !== null}
        title={
          decision?.action === 'grant' ? t('changeRequests.grantTitle') : t('changeRequests.refuseTitle')
        }
        onCancel={() => setDecision(null)}
        okText={decision?.action === 'grant' ? t('changeRequests.grant') : t('changeRequests.refuse')}
        okButtonProps={{
          danger: decision?.action === 'refuse',
          disabled: decision?.action === 'refuse' && note.trim().length < 2,
          loading: isBusy,
        }}
        onOk={decide}
        destroyOnHidden
      >
        {decision ? (
          <Flex vertical gap={8}>
            <Typography.Text>
              {decision.request.enterpriseName} · {decision.request.periodLabel}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('changeRequests.reason')}：{decision.request.reason}
            </Typography.Text>
            {decision.action === 'grant' ? (
              <Typography.Paragraph type="secondary">
                {t('changeRequests.grantHint', { days: reopenedWindowDays })}
              </Typography.Paragraph>
            ) : null}
            <Input.TextArea
              id="change-decision-note"
              rows={3}
              maxLength={1000}
              value={note}
              placeholder={
                decision.action === 'grant'
                  ? t('changeRequests.notePlaceholder')
                  : t('changeRequests.refuseNotePlaceholder')
              }
              onChange={(event) => setNote(event.target.value)}
            />
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}
