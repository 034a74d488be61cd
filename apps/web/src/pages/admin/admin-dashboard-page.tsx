import { Card, Col, Empty, Flex, Progress, Row, Statistic, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { AnnouncementBoardCard } from '../announcements/announcement-board-card';
import { useTranslation } from 'react-i18next';
import { fetchAdminOverview, type TaskProgress } from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDate } from '../../format/date-format';
import { formatCount, sharePercent } from '../../format/number-format';

type CountKey =
  | 'expected'
  | 'submitted'
  | 'approved'
  | 'returned'
  | 'notSubmitted'
  | 'overdue'
  | 'excused'
  | 'awaitingApplication';

const countKeys: readonly CountKey[] = [
  'expected',
  'submitted',
  'approved',
  'returned',
  'notSubmitted',
  'overdue',
];
// 免报 and 待申请 (a 省/市 task not applied for, counted apart from 应报) are shown where a task has any.
const apartKeys: readonly CountKey[] = ['excused', 'awaitingApplication'];
const keysOf = (task: TaskProgress) => [...countKeys, ...apartKeys.filter((key) => task[key] > 0)];
// Colour draws the eye only to counts that call for action (or show good progress), and only when non-zero.
const countColor: Partial<Record<CountKey, string>> = {
  returned: '#cf1322',
  overdue: '#cf1322',
  approved: '#389e0d',
};
// The cards show the few tasks at the top of the server's list; the table below holds them all.
const taskCardLimit = 3;

/** 工作台: how many enterprises the administrator's region holds and how each task is going. */
export function AdminDashboardPage() {
  const { t } = useTranslation();
  const overview = useApiQuery((signal) => fetchAdminOverview(signal), []);
  const data = overview.data;

  const tableKeys = [
    ...countKeys,
    ...apartKeys.filter((key) => (data?.tasks ?? []).some((task) => task[key] > 0)),
  ];
  const columns: ColumnsType<TaskProgress> = [
    { title: t('task.taskName'), dataIndex: 'taskName', key: 'taskName' },
    { title: t('task.period'), dataIndex: 'periodLabel', key: 'period', width: 120 },
    {
      title: t('task.closesAt'),
      dataIndex: 'closesAt',
      key: 'closesAt',
      width: 120,
      render: (closesAt: string) => formatDate(closesAt),
    },
    ...tableKeys.map((key) => ({
      title: t(`adminDashboard.${key}`),
      dataIndex: key,
      key,
      width: 80,
      align: 'right' as const,
      render: (value: number) => formatCount(value),
    })),
    {
      title: t('adminDashboard.progress'),
      key: 'progress',
      width: 200,
      render: (_, task) => (
        <Progress
          aria-label={t('adminDashboard.progress')}
          percent={sharePercent(task.submitted, task.expected)}
          size="small"
          format={() => `${formatCount(task.submitted)}/${formatCount(task.expected)}`}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.admin.dashboard')}
        extra={
          data && (
            <Tag color="blue" variant="filled">
              {t('adminDashboard.scope', {
                region: data.region.name,
                level: t(`shell.adminLevel.${data.adminLevel}`),
              })}
            </Tag>
          )
        }
      />
      {overview.error ? (
        <ApiErrorAlert error={overview.error} onRetry={overview.reload} />
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12} xl={6}>
              <Card loading={overview.isLoading} className="stat-card">
                <Statistic
                  title={t('adminDashboard.enterpriseCount')}
                  value={data?.enterpriseCount ?? 0}
                  formatter={(value) => formatCount(Number(value))}
                />
              </Card>
            </Col>
            {(data?.tasks ?? []).slice(0, taskCardLimit).map((task) => (
              <Col xs={24} md={12} xl={6} key={task.taskId}>
                <Card className="stat-card" size="small" title={task.taskName}>
                  <Row gutter={[8, 8]}>
                    {keysOf(task).map((key) => (
                      <Col span={8} key={key}>
                        <Statistic
                          title={t(`adminDashboard.${key}`)}
                          value={task[key]}
                          formatter={(value) => formatCount(Number(value))}
                          styles={{
                            content: { fontSize: 20, color: task[key] > 0 ? countColor[key] : undefined },
                          }}
                        />
                      </Col>
                    ))}
                  </Row>
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('adminDashboard.tasksTitle')}>
            <Table<TaskProgress>
              rowKey="taskId"
              columns={columns}
              dataSource={data?.tasks ?? []}
              loading={overview.isLoading}
              pagination={false}
              scroll={{ x: 1100 }}
              locale={{ emptyText: <Empty description={t('adminDashboard.noTasks')} /> }}
            />
          </Card>
          <AnnouncementBoardCard />
        </Flex>
      )}
    </>
  );
}
