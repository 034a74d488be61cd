import { App, Popconfirm, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { cancelFilingSubmission, type EnterpriseTask } from '../../api/enterprise.api';
import { describeError } from '../../components/api-error-alert';
import { FilingStatusTag } from '../../components/filing-status-tag';
import { formatDate, formatDateTime, formatPeriod, isPast } from '../../format/date-format';
import { taskFilingPath } from '../../routes/paths';
import { isEditable } from './task-order';

/** The filing tasks of an enterprise, as on 首页 and 我的填报任务. */
export function TaskTable({
  tasks,
  isLoading,
  showSubmittedAt = false,
  pageSize,
  onChanged,
}: {
  tasks: EnterpriseTask[];
  isLoading: boolean;
  showSubmittedAt?: boolean;
  pageSize?: number;
  /** Called after an action in the list (取消上报) changed a task, to reload the list. */
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  const cancel = async (task: EnterpriseTask) => {
    try {
      await cancelFilingSubmission(task.taskId, null);
      void message.success(t('filing.cancelled'));
      onChanged?.();
    } catch (error) {
      void message.error(describeError(error, t));
    }
  };

  const columns: ColumnsType<EnterpriseTask> = [
    { title: t('task.taskName'), dataIndex: 'taskName', key: 'taskName' },
    {
      title: t('task.period'),
      dataIndex: 'period',
      key: 'period',
      render: (_, row) => formatPeriod(row.period),
      width: 130,
    },
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
      width: 160,
      render: (_, task) => (
        <Space size="middle">
          <Link to={taskFilingPath(task.taskId)}>
            {task.allowedActions.includes('save') ? t('common.fill') : t('common.view')}
          </Link>
          {task.allowedActions.includes('cancel-submission') && onChanged ? (
            <Popconfirm
              title={t('filing.cancelConfirm')}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              onConfirm={() => cancel(task)}
            >
              <Typography.Link>{t('filing.cancelSubmission')}</Typography.Link>
            </Popconfirm>
          ) : null}
        </Space>
      ),
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
