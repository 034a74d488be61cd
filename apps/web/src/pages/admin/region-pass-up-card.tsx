import {
  App,
  Alert,
  Breadcrumb,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  excuseObligation,
  fetchRegionNotices,
  fetchRegionSubmissions,
  passUpSummaryTableUrl,
  remindRegion,
  returnRegion,
  submitRegion,
  takeOverRegion,
  type CompletenessFigures,
  type ExcusalReason,
  type ExcusalView,
  type RegionPassUpView,
} from '../../api/admin.api';
import { isApiError, type InvalidParam } from '../../api/http-client';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { formatDateTime } from '../../format/date-format';
import { formatCount } from '../../format/number-format';
import { ExtensionDialog, type ExtensionSubject } from './extension-dialog';

const excusalReasons: ExcusalReason[] = ['closed', 'deregistered', 'moved-out', 'out-of-scope'];
const figureKeys = ['expected', 'submitted', 'approved', 'excused'] as const;

/** 应报 / 已报 / 已审 / 免报 in one line, and 待申请 when some enterprises have still to apply. */
function Figures({ figures, testId }: { figures: CompletenessFigures; testId?: string }) {
  const { t } = useTranslation();
  const keys = figures.awaitingApplication > 0 ? [...figureKeys, 'awaitingApplication' as const] : figureKeys;
  return (
    <Typography.Text data-testid={testId}>
      {keys.map((key) => `${t(`passUp.figures.${key}`)} ${formatCount(figures[key])}`).join(' · ')}
    </Typography.Text>
  );
}

function StatusTag({ row }: { row: RegionPassUpView }) {
  const { t } = useTranslation();
  const color = { submitted: 'success', returned: 'error', reopened: 'warning', not_submitted: 'default' }[
    row.status
  ];
  const tag = <Tag color={color}>{t(`passUp.status.${row.status}`)}</Tag>;
  if (row.status === 'returned') return <Tooltip title={row.returnReason}>{tag}</Tooltip>;
  return tag;
}

/**
 * 上报情况 of a task: the region's own pass-up with the figures it froze, what keeps it from passing up (with 免报
 * for each), and its direct children in the chain with their figures, snapshots, 退回地区, 代为审核 and 提醒;
 * a child's name drills down.
 */
export function RegionPassUpCard({
  taskId,
  onChanged,
}: {
  taskId: string;
  /** Called after a change the review queue should show (a pass-up, an excusal, a takeover). */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [trail, setTrail] = useState<Array<{ code: string; name: string }>>([]);
  const regionCode = trail.at(-1)?.code;
  const list = useApiQuery(
    (signal) => fetchRegionSubmissions({ taskId, regionCode }, signal),
    [taskId, regionCode],
  );
  const notices = useApiQuery((signal) => fetchRegionNotices(signal), [taskId]);
  const [missing, setMissing] = useState<InvalidParam[] | null>(null);
  const [excusing, setExcusing] = useState<{ enterpriseId: string; label: string } | null>(null);
  const [excusal, setExcusal] = useState<{ reason?: ExcusalReason; note: string }>({ note: '' });
  const [returning, setReturning] = useState<RegionPassUpView | null>(null);
  const [returnReason, setReturnReason] = useState('');
  const [extending, setExtending] = useState<ExtensionSubject | null>(null);

  const reload = () => {
    list.reload();
    notices.reload();
    onChanged();
  };
  // Returns, reminders and re-opened pass-ups of this task, addressed to the administrator's region.
  const taskNotices = (notices.data?.items ?? []).filter((notice) => notice.taskId === taskId);
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
      reload();
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const own = list.data?.own ?? null;
  const isDrilled = trail.length > 0;
  // Drilled into a region whose review this level took over: it passes up in that region's place.
  const canPassUp = own !== null && own.status !== 'submitted' && (!isDrilled || own.takeover !== null);

  const passUp = async () => {
    try {
      await submitRegion(taskId, regionCode);
      setMissing(null);
      message.success(t('adminWork.review.passedUp'));
      reload();
    } catch (error) {
      if (isApiError(error) && error.code === 'PASS_UP_INCOMPLETE') {
        setMissing(error.invalidParams ?? []);
      }
      message.error(describeError(error, t));
    }
  };

  const confirmExcusal = async () => {
    if (!excusing || !excusal.reason) return;
    try {
      await excuseObligation({
        taskId,
        enterpriseId: excusing.enterpriseId,
        reason: excusal.reason,
        note: excusal.note.trim() || undefined,
      });
      message.success(t('passUp.excused'));
      setMissing((current) =>
        current ? current.filter((item) => item.name !== `enterprises.${excusing.enterpriseId}`) : current,
      );
      setExcusing(null);
      setExcusal({ note: '' });
      reload();
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const confirmReturn = async () => {
    if (!returning?.id) return;
    await run(() => returnRegion(returning.id!, returnReason), t('adminWork.review.regionReturned'));
    setReturning(null);
    setReturnReason('');
  };

  const takeOver = (row: RegionPassUpView) =>
    modal.confirm({
      title: t('passUp.takeOverTitle', { region: row.regionName }),
      content: t('passUp.takeOverHint'),
      okText: t('passUp.takeOver'),
      onOk: () => run(() => takeOverRegion(taskId, row.regionCode), t('passUp.takenOverDone')),
    });

  const remind = (row: RegionPassUpView) =>
    run(() => remindRegion(taskId, row.regionCode), t('passUp.reminded', { region: row.regionName }));

  if (list.error) return <ApiErrorAlert error={list.error} onRetry={list.reload} />;
  return (
    <Card
      title={t('adminWork.review.passUpTitle')}
      data-testid="region-pass-up"
      loading={list.isLoading && !list.data}
    >
      <Flex vertical gap={12}>
        {taskNotices.length > 0 && (
          <Flex vertical gap={4} data-testid="region-notices">
            {taskNotices.slice(0, 5).map((notice) => (
              <Alert
                key={notice.id}
                type={notice.kind === 'region-reminder' ? 'info' : 'warning'}
                showIcon
                message={`${notice.title}（${formatDateTime(notice.createdAt)}）`}
                description={notice.body}
              />
            ))}
          </Flex>
        )}
        {isDrilled && (
          <Breadcrumb
            items={[
              { title: <a onClick={() => setTrail([])}>{t('passUp.ownRegion')}</a> },
              ...trail.map((step, index) => ({
                title:
                  index === trail.length - 1 ? (
                    step.name
                  ) : (
                    <a onClick={() => setTrail(trail.slice(0, index + 1))}>{step.name}</a>
                  ),
              })),
            ]}
          />
        )}
        {own && (
          <Flex vertical gap={8} data-testid="own-pass-up">
            <Flex align="center" gap={12} wrap>
              <Typography.Text strong>{own.regionName}</Typography.Text>
              <StatusTag row={own} />
              {own.status === 'submitted' && (
                <Typography.Text>
                  {t('adminWork.review.ownSubmitted', { at: formatDateTime(own.submittedAt) })}
                </Typography.Text>
              )}
              {own.isLate && <Tag color="warning">{t('reviewChains.deadline.lateSubmission')}</Tag>}
              {own.takeover && (
                <Tag color="purple">{t('passUp.takenOverBy', { region: own.takeover.byRegionName })}</Tag>
              )}
              {list.data?.reviewDeadline && (
                <Typography.Text type="secondary" data-testid="own-review-deadline">
                  {t('reviewChains.deadline.deadlineOn', { at: formatDateTime(list.data.reviewDeadline) })}
                </Typography.Text>
              )}
              {canPassUp && (
                <Button type="primary" onClick={passUp}>
                  {isDrilled
                    ? t('passUp.passUpInPlace')
                    : t(`adminWork.review.passUp.${own.level as Exclude<typeof own.level, 'ministry'>}`)}
                </Button>
              )}
            </Flex>
            <Space size={16} wrap>
              <span>
                {t('passUp.now')}：<Figures figures={own.figures} testId="own-figures" />
              </span>
              {own.snapshot && (
                <span>
                  {t('passUp.asPassed')}：<Figures figures={own.snapshot.figures} testId="own-snapshot" />
                </span>
              )}
            </Space>
            {own.status === 'returned' && (
              <Alert
                type="error"
                showIcon
                message={t('adminWork.review.ownReturned', { reason: own.returnReason ?? '' })}
              />
            )}
            {own.status === 'reopened' && (
              <Alert
                type="warning"
                showIcon
                message={t('passUp.reopened', { at: formatDateTime(own.reopenedAt) })}
              />
            )}
            {missing && missing.length > 0 && (
              <Alert
                type="warning"
                showIcon
                data-testid="pass-up-refusal"
                message={t('passUp.refused', { count: missing.length })}
                description={
                  <ul className="plain-list">
                    {missing.map((item) => {
                      const enterpriseId = item.name.replace(/^enterprises\./, '');
                      return (
                        <li key={item.name}>
                          {item.reason}{' '}
                          <Button
                            size="small"
                            type="link"
                            onClick={() => setExcusing({ enterpriseId, label: item.reason })}
                          >
                            {t('passUp.excuse')}
                          </Button>
                          <Button
                            size="small"
                            type="link"
                            onClick={() =>
                              setExtending({ kind: 'enterprise', enterpriseId, name: item.reason })
                            }
                          >
                            {t('adminWork.reminders.extension.open')}
                          </Button>
                        </li>
                      );
                    })}
                  </ul>
                }
              />
            )}
          </Flex>
        )}
        <Table<RegionPassUpView>
          size="small"
          rowKey="regionCode"
          pagination={false}
          data-testid="child-pass-ups"
          dataSource={list.data?.children ?? []}
          locale={{ emptyText: t('adminWork.review.noLowerSubmissions') }}
          columns={[
            {
              title: t('directory.region'),
              dataIndex: 'regionName',
              key: 'regionName',
              render: (name: string, row) => (
                <Tooltip title={t('passUp.drill')}>
                  <a onClick={() => setTrail([...trail, { code: row.regionCode, name }])}>{name}</a>
                </Tooltip>
              ),
            },
            ...figureKeys.map((key) => ({
              title: t(`passUp.figures.${key}`),
              key,
              align: 'right' as const,
              width: 70,
              render: (_: unknown, row: RegionPassUpView) => formatCount(row.figures[key]),
            })),
            {
              title: t('adminWork.review.submissionStatus'),
              key: 'status',
              render: (_, row) => (
                <Space size={4} wrap>
                  <StatusTag row={row} />
                  {row.isLate && row.status === 'submitted' && (
                    <Tag color="warning">{t('reviewChains.deadline.lateSubmission')}</Tag>
                  )}
                  {row.takeover && (
                    <Tag color="purple">{t('passUp.takenOverBy', { region: row.takeover.byRegionName })}</Tag>
                  )}
                  {!row.hasActiveAdmin && <Tag>{t('passUp.noAdmin')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('passUp.asPassed'),
              key: 'snapshot',
              render: (_, row) =>
                row.snapshot ? (
                  <Tooltip title={formatDateTime(row.snapshot.takenAt)}>
                    <span>
                      <Figures figures={row.snapshot.figures} />
                    </span>
                  </Tooltip>
                ) : null,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, row) => (
                <Space size={4} wrap>
                  {row.id && row.status !== 'not_submitted' && (
                    <Button size="small" href={passUpSummaryTableUrl(row.id, 'xlsx')}>
                      {t('passUp.summaryTableAsSent')}
                    </Button>
                  )}
                  {!isDrilled && row.status === 'submitted' && (
                    <Button size="small" danger onClick={() => setReturning(row)}>
                      {t('adminWork.review.returnRegion')}
                    </Button>
                  )}
                  {row.canTakeOver && (
                    <Button size="small" onClick={() => takeOver(row)}>
                      {t('passUp.takeOver')}
                    </Button>
                  )}
                  {row.status !== 'submitted' && row.hasActiveAdmin && (
                    <Button size="small" onClick={() => remind(row)}>
                      {t('passUp.remind')}
                    </Button>
                  )}
                  {row.status !== 'submitted' && row.figures.submitted < row.figures.expected && (
                    <Button
                      size="small"
                      onClick={() =>
                        setExtending({ kind: 'region', regionCode: row.regionCode, name: row.regionName })
                      }
                    >
                      {t('adminWork.reminders.extension.openRegion')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        {(list.data?.excusals.length ?? 0) > 0 && (
          <Table<ExcusalView>
            size="small"
            rowKey="enterpriseId"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            title={() => t('passUp.excusalsTitle')}
            dataSource={list.data?.excusals ?? []}
            columns={[
              { title: t('directory.name'), dataIndex: 'enterpriseName', key: 'enterpriseName' },
              { title: t('directory.region'), dataIndex: 'regionName', key: 'regionName' },
              {
                title: t('passUp.excuseReason'),
                key: 'reason',
                render: (_, row) => t(`passUp.reasons.${row.reason}`),
              },
              { title: t('passUp.excuseNote'), dataIndex: 'note', key: 'note' },
              {
                title: t('passUp.excusedBy'),
                key: 'by',
                render: (_, row) => `${row.excusedBy}（${formatDateTime(row.excusedAt)}）`,
              },
            ]}
          />
        )}
      </Flex>
      <ExtensionDialog
        taskId={taskId}
        subject={extending}
        onClose={() => setExtending(null)}
        onGranted={() => {
          setExtending(null);
          reload();
        }}
      />
      <Modal
        open={excusing !== null}
        title={t('passUp.excuseTitle', { name: excusing?.label ?? '' })}
        onCancel={() => setExcusing(null)}
        onOk={confirmExcusal}
        okText={t('passUp.excuse')}
        okButtonProps={{ disabled: !excusal.reason }}
      >
        <Typography.Paragraph type="secondary">{t('passUp.excuseHint')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('passUp.excuseReason')} htmlFor="excusal-reason" required>
            <Select<ExcusalReason>
              id="excusal-reason"
              value={excusal.reason}
              onChange={(reason) => setExcusal((current) => ({ ...current, reason }))}
              options={excusalReasons.map((reason) => ({
                value: reason,
                label: t(`passUp.reasons.${reason}`),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('passUp.excuseNote')} htmlFor="excusal-note">
            <Input.TextArea
              id="excusal-note"
              rows={2}
              maxLength={200}
              value={excusal.note}
              onChange={(event) => setExcusal((current) => ({ ...current, note: event.target.value }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={returning !== null}
        title={t('adminWork.review.returnRegionTitle', { region: returning?.regionName ?? '' })}
        onCancel={() => setReturning(null)}
        onOk={confirmReturn}
        okButtonProps={{ danger: true, disabled: returnReason.trim() === '' }}
      >
        <Typography.Paragraph type="secondary">{t('passUp.returnHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={returnReason}
          placeholder={t('adminWork.review.reasonPlaceholder')}
          onChange={(event) => setReturnReason(event.target.value)}
        />
      </Modal>
    </Card>
  );
}
