import { App, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  applyForTask,
  fetchApplicableTasks,
  type ApplicableTask,
  type ApplicationStatus,
} from '../../api/enterprise.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDate, formatPeriod } from '../../format/date-format';
import { enterprisePaths } from '../../routes/paths';

const statusColor: Record<ApplicationStatus, string> = {
  not_applied: 'default',
  pending: 'gold',
  approved: 'success',
  refused: 'error',
};

/**
 * 填报任务申请: the provincial and municipal tasks of the enterprise's region. An application is approved at
 * once for an enterprise in its region's directory, otherwise it waits for the district administrator.
 */
export function TaskApplicationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [keyword, setKeyword] = useState('');
  const tasks = useApiQuery((signal) => fetchApplicableTasks(keyword, signal), [keyword]);
  const [applying, setApplying] = useState<string | null>(null);

  const apply = async (task: ApplicableTask) => {
    setApplying(task.taskId);
    try {
      const result = await applyForTask(task.taskId);
      void message.success(
        result.status === 'approved' ? t('taskApplication.approved') : t('taskApplication.pending'),
      );
      tasks.reload();
    } catch (error) {
      void message.error(describeError(error, t));
    } finally {
      setApplying(null);
    }
  };

  const columns: ColumnsType<ApplicableTask> = [
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
      width: 130,
      render: (closesAt: string) => formatDate(closesAt),
    },
    {
      title: t('task.status'),
      key: 'status',
      width: 120,
      render: (_, task) => (
        <Tag color={statusColor[task.status]} variant="filled">
          {t(`taskApplication.status.${task.status}`)}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, task) =>
        task.status === 'not_applied' || task.status === 'refused' ? (
          <Button
            type="link"
            size="small"
            className="inline-link-button"
            loading={applying === task.taskId}
            onClick={() => void apply(task)}
          >
            {t('taskApplication.apply')}
          </Button>
        ) : task.status === 'approved' ? (
          <Link to={enterprisePaths.myTasks}>{t('taskApplication.goFill')}</Link>
        ) : (
          <Typography.Text type="secondary">{t('taskApplication.waiting')}</Typography.Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('menu.enterprise.taskApplication')} />
      <Card>
        <Typography.Paragraph type="secondary">{t('taskApplication.description')}</Typography.Paragraph>
        <Form layout="inline" className="filter-bar" role="search">
          <Form.Item label={t('task.taskName')} htmlFor="application-filter-name">
            <Input.Search
              id="application-filter-name"
              allowClear
              placeholder={t('myTasks.searchPlaceholder')}
              onSearch={(value) => setKeyword(value)}
              style={{ width: 280 }}
            />
          </Form.Item>
        </Form>
        {tasks.error ? (
          <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
        ) : (
          <Table<ApplicableTask>
            rowKey="taskId"
            columns={columns}
            dataSource={tasks.data ?? []}
            loading={tasks.isLoading}
            pagination={false}
            expandable={{
              rowExpandable: (task) => task.status === 'refused' && !!task.decisionNote,
              expandedRowRender: (task) => t('taskApplication.refusedBecause', { reason: task.decisionNote }),
            }}
            locale={{ emptyText: t('taskApplication.empty') }}
          />
        )}
      </Card>
    </>
  );
}
