import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  decideBindingReview,
  fetchBindingReview,
  fetchBindingReviewQueue,
  reviewBindingDocumentUrl,
  type BindingReviewItem,
} from '../../api/account.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';

const statusColor = {
  pending: 'processing',
  approved: 'success',
  refused: 'error',
  withdrawn: 'default',
} as const;

/**
 * 实名认证 / 绑定审核: binding requests for enterprises in the administrator's region that an administrator
 * decides (法人 claims, and enterprises without an account manager). The reviewer opens the scans, compares them
 * with the directory and the 实名认证 data, and approves or refuses with a reason.
 */
export function BindingReviewPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'pending' | 'decided'>('pending');
  const queue = useApiQuery((signal) => fetchBindingReviewQueue(status, signal), [status]);
  const [openId, setOpenId] = useState<string | null>(null);

  const columns: ColumnsType<BindingReviewItem> = [
    {
      title: t('account.bindingReview.enterprise'),
      key: 'enterprise',
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <Typography.Text>{item.enterprise.name}</Typography.Text>
          <Typography.Text type="secondary" className="code-text">
            {item.enterprise.uscc}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('account.bindingReview.region'), dataIndex: 'regionName', width: 120 },
    { title: t('account.bindingReview.requester'), dataIndex: 'requesterName', width: 120 },
    {
      title: t('account.bindingReview.claim'),
      key: 'claim',
      width: 120,
      render: (_, item) =>
        item.isLegalPersonClaim ? (
          <Tag color="orange">{t('account.bindingReview.legalPersonClaim')}</Tag>
        ) : (
          <Tag>{t('account.bindingReview.filerClaim')}</Tag>
        ),
    },
    {
      title: t('account.bindingReview.requestedAt'),
      dataIndex: 'requestedAt',
      width: 170,
      render: (value: string) => formatDateTime(value),
    },
    {
      title: t('account.bindingReview.status'),
      key: 'status',
      width: 200,
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <Tag color={statusColor[item.status]}>{t(`account.bindingReview.statuses.${item.status}`)}</Tag>
          {item.decisionReason ? (
            <Typography.Text type="secondary">{item.decisionReason}</Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, item) => (
        <Button type="link" size="small" data-testid="open-binding-review" onClick={() => setOpenId(item.id)}>
          {t('account.bindingReview.open')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('account.bindingReview.title')} />
      <Card>
        <Flex vertical gap={12}>
          <Alert type="info" showIcon title={t('account.bindingReview.intro')} />
          <Segmented<'pending' | 'decided'>
            value={status}
            onChange={setStatus}
            options={(['pending', 'decided'] as const).map((value) => ({
              value,
              label: t(`account.bindingReview.${value}`),
            }))}
          />
          {queue.error ? (
            <ApiErrorAlert error={queue.error} onRetry={queue.reload} />
          ) : (
            <Table<BindingReviewItem>
              rowKey="id"
              data-testid="binding-review-queue"
              columns={columns}
              dataSource={queue.data?.items ?? []}
              loading={queue.isLoading}
              locale={{ emptyText: t('account.bindingReview.empty') }}
              scroll={{ x: 900 }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
            />
          )}
        </Flex>
      </Card>
      <Drawer
        open={openId !== null}
        width={720}
        title={t('account.bindingReview.detail')}
        onClose={() => setOpenId(null)}
        destroyOnHidden
      >
        {openId ? (
          <BindingReviewDetail
            requestId={openId}
            onDecided={() => {
              setOpenId(null);
              queue.reload();
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}

function BindingReviewDetail({ requestId, onDecided }: { requestId: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const review = useApiQuery((signal) => fetchBindingReview(requestId, signal), [requestId]);
  const [reason, setReason] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  if (review.error) return <ApiErrorAlert error={review.error} onRetry={review.reload} />;
  const data = review.data;
  if (!data) return <Card loading variant="borderless" />;

  async function decide(decision: 'approve' | 'refuse') {
    setIsBusy(true);
    try {
      await decideBindingReview(requestId, { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      void message.success(
        t(decision === 'approve' ? 'account.bindingReview.approved' : 'account.bindingReview.refusedDone'),
      );
      onDecided();
    } catch (caught) {
      void message.error(describeError(caught, t));
    } finally {
      setIsBusy(false);
    }
  }

  const requester = data.requester;
  const isPending = data.status === 'pending';
  return (
    <Flex vertical gap={16} data-testid="binding-review-detail">
      <Descriptions
        title={t('account.bindingReview.directory')}
        bordered
        column={1}
        size="small"
        items={[
          { key: 'name', label: t('account.bindingReview.enterprise'), children: data.enterprise.name },
          {
            key: 'uscc',
            label: t('account.bind.uscc'),
            children: <span className="code-text">{data.enterprise.uscc}</span>,
          },
          {
            key: 'legal',
            label: t('account.bindingReview.legalRepresentative'),
            children: data.enterprise.legalRepresentative,
          },
          { key: 'region', label: t('account.bindingReview.region'), children: data.enterprise.regionName },
          {
            key: 'managers',
            label: t('account.bindingReview.currentManagers'),
            children: data.enterprise.currentManagers.join('、') || t('account.bindingReview.none'),
          },
        ]}
      />
      <Descriptions
        title={t('account.bindingReview.verification')}
        bordered
        column={1}
        size="small"
        items={[
          {
            key: 'type',
            label: t('account.bindingReview.accountType'),
            children: t(`account.accountTypes.${requester.accountType}`),
          },
          { key: 'name', label: t('account.bindingReview.realName'), children: requester.realName },
          {
            key: 'idType',
            label: t('account.bindingReview.idType'),
            children: t(`account.verify.idTypes.${requester.idType as 'resident_id'}`),
          },
          {
            key: 'idNumber',
            label: t('account.bindingReview.idNumber'),
            children: <span className="code-text">{requester.maskedIdNumber}</span>,
          },
          {
            key: 'validity',
            label: t('account.bindingReview.validity'),
            children: `${requester.validFrom ?? '—'} — ${requester.validUntil ?? t('account.verify.permanent')}`,
          },
          ...(requester.organizationName
            ? [
                {
                  key: 'org',
                  label: t('account.bindingReview.organizationName'),
                  children: requester.organizationName,
                },
              ]
            : []),
          {
            key: 'contact',
            label: t('account.bindingReview.contactAddress'),
            children: requester.contactAddress,
          },
          { key: 'mobile', label: t('account.center.mobile'), children: requester.maskedMobile ?? '—' },
          {
            key: 'registry',
            label: t('account.bindingReview.registry'),
            children:
              data.registryResult === 'confirmed'
                ? t('account.bindingReview.registryConfirmed')
                : t('account.bindingReview.registryUnconfirmed'),
          },
        ]}
      />
      <Descriptions
        title={t('account.bindingReview.documents')}
        bordered
        column={1}
        size="small"
        items={data.documents.map((document) => ({
          key: document.id,
          label: t(`account.bindingReview.documentKinds.${document.kind}`),
          children: (
            <a
              href={reviewBindingDocumentUrl(data.id, document.id)}
              target="_blank"
              rel="noreferrer"
              data-testid={`binding-document-${document.kind}`}
            >
              {t('account.bindingReview.view')}
            </a>
          ),
        }))}
      />
      {isPending ? (
        <>
          {data.isLegalPersonClaim && data.enterprise.currentManagers.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t('account.bindingReview.transferWarning', {
                names: data.enterprise.currentManagers.join('、'),
              })}
            />
          ) : null}
          <Input.TextArea
            id="binding-review-reason"
            rows={3}
            maxLength={500}
            value={reason}
            placeholder={t('account.bindingReview.reasonRequired')}
            onChange={(event) => setReason(event.target.value)}
          />
          <Flex gap={8} justify="flex-end">
            <Button
              danger
              loading={isBusy}
              disabled={reason.trim().length === 0}
              data-testid="refuse-binding"
              onClick={() => void decide('refuse')}
            >
              {t('account.bindingReview.refuse')}
            </Button>
            <Button
              type="primary"
              loading={isBusy}
              data-testid="approve-binding"
              onClick={() => void decide('approve')}
            >
              {t('account.bindingReview.approve')}
            </Button>
          </Flex>
        </>
      ) : (
        <Alert
          type={data.status === 'approved' ? 'success' : 'info'}
          showIcon
          title={t(`account.bindingReview.statuses.${data.status}`)}
          description={[formatDateTime(data.decidedAt), data.decisionReason].filter(Boolean).join(' · ')}
        />
      )}
    </Flex>
  );
}
