import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EnterpriseTask } from '../../api/enterprise.api';
import { FilingStatusTag } from '../../components/filing-status-tag';
import { formatDate, formatDateTime, isPast } from '../../format/date-format';
import { filingPath, taskFilingPath } from '../../routes/paths';
import { isEditable } from './task-order';

/** The filing tasks of an enterprise, as on 首页 and 我的填报任务. */
export function TaskTable({
  tasks,
  isLoading,
  showSubmittedAt = false,
  pageSize,
}: {
  tasks: EnterpriseTask[];
  isLoading: boolean;
  showSubmittedAt?: boolean;
  pageSize?: number;
}) {
  const { t } = useTranslation();

  const columns: ColumnsType<EnterpriseTask> = [
    { title: t('task.taskName'), dataIndex: 'taskName', key: 'taskName' },
    { title: t('task.period'), dataIndex: 'periodLabel', key: 'period', width: 130 },
    {
      title: t('task.closesAt'),
      dataIndex: 'closesAt',
      key: 'closesAt',
      width: 170,
      render: (closesAt: string, task) =>
        isEditable(task) && isPast(closesAt) ? (
          <Typography.Text type="danger">
            {formatDate(closesAt)} ({t('task.overdue')})
          </Typography.Text>
        ) : (
          formatDate(closesAt)
        ),
    },
    {
      title: t('task.status'),
      key: 'status',
      width: 150,
      render: (_, task) => <FilingStatusTag task={task} />,
    },
    ...(showSubmittedAt
      ? [
          {
            title: t('task.submittedAt'),
            dataIndex: 'submittedAt',
            key: 'submittedAt',
            width: 170,
            render: (submittedAt: string | null) => formatDateTime(submittedAt),
          },
        ]
      : []),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, task) => {
        const to = task.filingId ? filingPath(task.filingId) : taskFilingPath(task.taskId);
        return <Link to={to}>{isEditable(task) ? t('common.fill') : t('common.view')}</Link>;
      },
    },
  ];

  return (
    <Table<EnterpriseTask>
      rowKey="taskId"
      columns={columns}
      dataSource={tasks}
      loading={isLoading}
      pagination={
        pageSize && tasks.length > pageSize
          ? { pageSize, showTotal: (total) => t('common.totalItems', { total }) }
          : false
      }
      rowClassName={(task) => (task.status === 'returned' ? 'task-row-returned' : '')}
      locale={{ emptyText: t('enterpriseHome.noTasks') }}
    />
  );
}
