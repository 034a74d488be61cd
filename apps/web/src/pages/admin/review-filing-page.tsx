import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  approveFiling,
  fetchReviewFiling,
  returnFiling,
  type CellChange,
  type ReviewCell,
  type ReviewFilingDetail,
} from '../../api/admin.api';
import { receiptUrl } from '../../api/change-request.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { FilingHistoryPanel } from '../../components/filing-history-panel';
import { FilingStatusTag } from '../../components/filing-status-tag';
import { PageHeader } from '../../components/page-header';
import { RevisionCompare } from '../../components/revision-compare';
import { formatDateTime, formatPeriod } from '../../format/date-format';
import { formatCellValue } from '../../format/cell-value-format';
import { adminPaths } from '../../routes/paths';
import { filingStatusText, type FilingStateCodes } from '../../components/filing-status';
import { OutlierFlagsCard } from './outlier-flags-card';
import { ProvenanceTable } from './provenance-table';

type Verdicts = Record<string, 'accepted' | 'rejected'>;

const severityColor = { error: 'error', warning: 'warning', hint: 'default' } as const;

function changePercent(now: number | string | null, before: number | string | null): string {
  if (typeof now !== 'number' || typeof before !== 'number' || before === 0) return '';
  return `${(((now - before) / Math.abs(before)) * 100).toFixed(1)}%`;
}

/** 审核报表: the values, the engine's findings with the filer's explanations, what changed, and the decision. */
export function ReviewFilingPage() {
  const { t } = useTranslation();
  const { filingId = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const filing = useApiQuery((signal) => fetchReviewFiling(filingId, signal), [filingId]);
  const [verdicts, setVerdicts] = useState<Verdicts>({});
  const [cellComments, setCellComments] = useState<Record<string, string>>({});
  const [isReturning, setIsReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setIsBusy] = useState(false);

  const data = filing.data;
  // Coded answers are written with their meaning from the filing's edition (B10 121 私营股份有限公司).
  const showValue = (value: number | string | null, cell: { codeList: string | null }) =>
    formatCellValue(value, cell, data?.editionId ?? '2021');
  const codedCellOf = (change: CellChange) => ({
    codeList:
      data?.forms.find((form) => form.formId === change.formId)?.cells.find((cell) => cell.key === change.key)
        ?.codeList ?? null,
  });
  // Approving needs each serious warning's 审核说明 accepted; one not accepted is returned instead.
  const undecidedWarnings = new Set(
    (data?.findings ?? [])
      .filter((finding) => finding.severity === 'warning' && verdicts[finding.ruleId] !== 'accepted')
      .map((finding) => finding.ruleId),
  ).size;
  if (filing.error) return <ApiErrorAlert error={filing.error} onRetry={filing.reload} />;

  const commentsToSend = () =>
    Object.entries(cellComments)
      .filter(([, comment]) => comment.trim() !== '')
      .map(([id, comment]) => {
        const [formId, key] = id.split('|') as [string, string];
        return { formId, key, comment: comment.trim() };
      });

  const act = async (action: () => Promise<FilingStateCodes>) => {
    setIsBusy(true);
    try {
      const result = await action();
      message.success(t('adminWork.review.done', { status: filingStatusText(t, result) }));
      navigate(adminPaths.review);
    } catch (error) {
      message.error(describeError(error, t));
    } finally {
      setIsBusy(false);
    }
  };

  const cellColumns = (canComment: boolean) => [
    { title: t('adminWork.review.code'), dataIndex: 'label', key: 'label', width: 80 },
    { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
    { title: t('adminWork.review.unit'), dataIndex: 'unit', key: 'unit', width: 70 },
    {
      title: t('adminWork.review.current'),
      dataIndex: 'value',
      key: 'value',
      width: 120,
      align: 'right' as const,
      render: (value: number | string | null, cell: ReviewCell) => showValue(value, cell),
    },
    {
      title: t('adminWork.review.previousPeriod'),
      dataIndex: 'previousPeriod',
      key: 'previousPeriod',
      width: 120,
      align: 'right' as const,
      render: (value: number | string | null, cell: ReviewCell) => showValue(value, cell),
    },
    {
      title: t('adminWork.review.lastYear'),
      dataIndex: 'samePeriodLastYear',
      key: 'lastYear',
      width: 120,
      align: 'right' as const,
      render: (value: number | string | null, cell: ReviewCell) => showValue(value, cell),
    },
    {
      title: t('adminWork.review.yoy'),
      key: 'yoy',
      width: 90,
      align: 'right' as const,
      render: (_: unknown, cell: ReviewCell) => changePercent(cell.value, cell.samePeriodLastYear),
    },
    ...(canComment
      ? [
          {
            title: t('adminWork.review.cellComment'),
            key: 'comment',
            width: 240,
            render: (_: unknown, cell: ReviewCell) =>
              cell.isComputed ? null : (
                <Input
                  size="small"
                  data-testid={`cell-comment-${cell.formId}-${cell.key}`}
                  value={cellComments[`${cell.formId}|${cell.key}`] ?? ''}
                  placeholder={t('adminWork.review.cellCommentPlaceholder')}
                  onChange={(event) =>
                    setCellComments((current) => ({
                      ...current,
                      [`${cell.formId}|${cell.key}`]: event.target.value,
                    }))
                  }
                />
              ),
          },
        ]
      : []),
  ];

  const changeColumns = [
    { title: t('adminWork.review.code'), dataIndex: 'label', key: 'label', width: 80 },
    { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
    {
      title: t('adminWork.review.before'),
      dataIndex: 'before',
      key: 'before',
      align: 'right' as const,
      render: (value: number | string | null, change: CellChange) => showValue(value, codedCellOf(change)),
    },
    {
      title: t('adminWork.review.after'),
      dataIndex: 'after',
      key: 'after',
      align: 'right' as const,
      render: (value: number | string | null, change: CellChange) => showValue(value, codedCellOf(change)),
    },
  ];

  const periodChanges = (detail: ReviewFilingDetail) =>
    detail.forms
      .flatMap((form) => form.cells)
      .filter(
        (cell) =>
          typeof cell.value === 'number' &&
          cell.previousPeriod !== null &&
          cell.value !== cell.previousPeriod,
      );

  return (
    <>
      <PageHeader
        title={data ? `${data.enterprise.name} · ${formatPeriod(data.period)}` : t('menu.admin.review')}
        extra={
          data && (
            <Flex gap={8} align="center">
              <FilingStatusTag task={data} />
              <Button href={receiptUrl(data.filingId)} target="_blank" data-testid="print-receipt">
                {t('filing.printReceipt')}
              </Button>
            </Flex>
          )
        }
      />
      {!data ? (
        <Card loading />
      ) : (
        <Flex vertical gap={16}>
          <Card>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('directory.uscc')}>{data.enterprise.uscc}</Descriptions.Item>
              <Descriptions.Item label={t('directory.region')}>
                {data.enterprise.regionName}
              </Descriptions.Item>
              <Descriptions.Item label={t('adminWork.review.submittedAt')}>
                {formatDateTime(data.submittedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('adminWork.task')}>{data.taskName}</Descriptions.Item>
              <Descriptions.Item label={t('adminWork.review.chain')} span={2}>
                {data.chain
                  .map((step) => {
                    const level = t(`adminWork.levels.${step.level}`);
                    return step.delegatedTo ? `${level}（${step.delegatedTo}）` : level;
                  })
                  .join(' → ')}
              </Descriptions.Item>
              {data.reviewDeadline && (
                <Descriptions.Item label={t('reviewChains.deadline.reviewDeadline')}>
                  <Space size={4} data-testid="review-deadline">
                    {formatDateTime(data.reviewDeadline)}
                    {data.isReviewOverdue && (
                      <Tag color="error" title={t('reviewChains.deadline.overdueHint')}>
                        {t('reviewChains.deadline.overdue')}
                      </Tag>
                    )}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
            {data.integritySignals.length > 0 && (
              <Alert
                className="section-gap"
                type="warning"
                showIcon
                data-testid="integrity-signals"
                title={t('adminWork.review.proxySuspected')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {data.integritySignals.map((signal) => (
                      <li key={signal}>{signal}</li>
                    ))}
                  </ul>
                }
              />
            )}
          </Card>

          <Card title={t('adminWork.review.findingsTitle', { count: data.findings.length })}>
            {data.findings.length === 0 ? (
              <Alert type="success" showIcon title={t('adminWork.review.noFindings')} />
            ) : (
              <Flex vertical gap={8}>
                {data.findings.map((finding) => (
                  <Card size="small" key={`${finding.ruleId}-${finding.message}`}>
                    <Space direction="vertical" style={{ width: '100%' }}>
                      <Space>
                        <Tag color={severityColor[finding.severity]}>
                          {t(`adminWork.review.severity.${finding.severity}`)}
                        </Tag>
                        <Typography.Text>{finding.message}</Typography.Text>
                      </Space>
                      {finding.severity === 'warning' && (
                        <Flex gap={12} align="center" wrap>
                          <Typography.Text type="secondary">
                            {t('adminWork.review.explanation')}：
                            {finding.explanation ?? t('adminWork.review.noExplanation')}
                          </Typography.Text>
                          {data.canReview && (
                            <Radio.Group
                              size="small"
                              value={verdicts[finding.ruleId]}
                              onChange={(event) =>
                                setVerdicts((current) => ({
                                  ...current,
                                  [finding.ruleId]: event.target.value,
                                }))
                              }
                              options={[
                                { value: 'accepted', label: t('adminWork.review.accept') },
                                { value: 'rejected', label: t('adminWork.review.reject') },
                              ]}
                              optionType="button"
                            />
                          )}
                        </Flex>
                      )}
                    </Space>
                  </Card>
                ))}
              </Flex>
            )}
          </Card>

          <OutlierFlagsCard filingId={data.filingId} canQuery={data.canReview} onQueried={act} />

          <Card>
            <Tabs
              items={[
                ...data.forms.map((form) => ({
                  key: form.formId,
                  label: t(`adminWork.review.form.${form.formId}` as 'adminWork.review.form.monthly'),
                  children: (
                    <Table<ReviewCell>
                      size="small"
                      rowKey={(cell) => `${cell.formId}.${cell.key}`}
                      columns={cellColumns(data.canReview)}
                      dataSource={form.cells}
                      pagination={false}
                      scroll={{ x: 1000 }}
                    />
                  ),
                })),
                {
                  key: 'revision',
                  label: t('adminWork.review.revisionTab'),
                  children:
                    data.changesSincePreviousRevision.length === 0 ? (
                      <Empty description={t('adminWork.review.noRevisionChanges')} />
                    ) : (
                      <Table<CellChange>
                        size="small"
                        rowKey={(change) => `${change.formId}.${change.key}`}
                        columns={changeColumns}
                        dataSource={data.changesSincePreviousRevision}
                        pagination={false}
                      />
                    ),
                },
                {
                  key: 'period',
                  label: t('adminWork.review.periodTab'),
                  children: (
                    <Table<ReviewCell>
                      size="small"
                      rowKey={(cell) => `${cell.formId}.${cell.key}`}
                      columns={cellColumns(false).filter(
                        (column) => column.key !== 'lastYear' && column.key !== 'yoy',
                      )}
                      dataSource={periodChanges(data)}
                      pagination={false}
                      locale={{ emptyText: t('adminWork.review.noPeriodChanges') }}
                    />
                  ),
                },
                {
                  key: 'provenance',
                  label: t('provenance.tab'),
                  children: <ProvenanceTable filingId={data.filingId} />,
                },
                {
                  key: 'history',
                  label: t('adminWork.review.historyTab'),
                  children: <FilingHistoryPanel filingId={data.filingId} />,
                },
                {
                  key: 'compare',
                  label: t('filingHistory.compareTab'),
                  children: <RevisionCompare filingId={data.filingId} />,
                },
              ]}
            />
          </Card>

          {data.canReview && (
            <Card>
              <Flex gap={12} justify="flex-end" align="center" wrap>
                {undecidedWarnings > 0 && (
                  <Typography.Text type="warning" data-testid="undecided-warnings">
                    {t('adminWork.review.undecidedWarnings', { count: undecidedWarnings })}
                  </Typography.Text>
                )}
                <Button danger onClick={() => setIsReturning(true)} disabled={isBusy}>
                  {t('adminWork.review.return')}
                </Button>
                <Button
                  type="primary"
                  loading={isBusy}
                  disabled={undecidedWarnings > 0}
                  onClick={() => act(() => approveFiling(data.filingId, { explanationVerdicts: verdicts }))}
                >
                  {t('adminWork.review.approve')}
                </Button>
              </Flex>
            </Card>
          )}
        </Flex>
      )}
      <Modal
        open={isReturning}
        title={t('adminWork.review.returnTitle')}
        onCancel={() => setIsReturning(false)}
        okText={t('adminWork.review.return')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: isBusy }}
        onOk={() =>
          data &&
          act(() =>
            returnFiling(data.filingId, {
              reason: reason.trim(),
              cellComments: commentsToSend(),
              explanationVerdicts: verdicts,
            }),
          )
        }
      >
        <Flex vertical gap={8}>
          <Input.TextArea
            id="return-reason"
            rows={3}
            value={reason}
            placeholder={t('adminWork.review.reasonPlaceholder')}
            onChange={(event) => setReason(event.target.value)}
          />
          <Typography.Text type="secondary">
            {t('adminWork.review.cellCommentsCount', { count: commentsToSend().length })}
          </Typography.Text>
        </Flex>
      </Modal>
    </>
  );
}
