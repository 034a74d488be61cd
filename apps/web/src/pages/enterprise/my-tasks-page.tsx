import { Card, Form, Input, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEnterpriseTasks, filingStatuses, type FilingStatus } from '../../api/enterprise.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { sortTasksForFiler } from './task-order';
import { TaskTable } from './task-table';
import { formatPeriod } from '../../format/date-format';

/** 我的填报任务: every task of the enterprise, filtered by 报告期 and 填报状态, searched by 任务名称. */
export function MyTasksPage() {
  const { t } = useTranslation();
  const tasks = useApiQuery((signal) => fetchEnterpriseTasks(signal), []);
  const [period, setPeriod] = useState<string>();
  const [status, setStatus] = useState<FilingStatus>();
  const [keyword, setKeyword] = useState('');

  const periodOptions = useMemo(() => {
    const labels = new Map<string, string>();
    for (const task of tasks.data ?? []) labels.set(task.period, formatPeriod(task.period));
    return [...labels]
      .sort(([left], [right]) => right.localeCompare(left))
      .map(([value, label]) => ({ value, label }));
  }, [tasks.data]);

  const visibleTasks = useMemo(() => {
    const needle = keyword.trim().toLowerCase();
    return sortTasksForFiler(
      (tasks.data ?? []).filter(
        (task) =>
          (!period || task.period === period) &&
          (!status || task.status === status) &&
          (!needle || task.taskName.toLowerCase().includes(needle)),
      ),
    );
  }, [tasks.data, period, status, keyword]);

  return (
    <>
      <PageHeader title={t('menu.enterprise.myTasks')} />
      <Card>
        <Form layout="inline" className="filter-bar" role="search">
          <Form.Item label={t('task.period')} htmlFor="task-filter-period">
            <Select<string>
              id="task-filter-period"
              allowClear
              placeholder={t('myTasks.periodPlaceholder')}
              options={periodOptions}
              value={period}
              onChange={setPeriod}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('task.filingStatus')} htmlFor="task-filter-status">
            <Select<FilingStatus>
              id="task-filter-status"
              allowClear
              placeholder={t('myTasks.statusPlaceholder')}
              options={filingStatuses.map((value) => ({ value, label: t(`status.${value}`) }))}
              value={status}
              onChange={setStatus}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item label={t('task.taskName')} htmlFor="task-filter-name">
            <Input.Search
              id="task-filter-name"
              allowClear
              placeholder={t('myTasks.searchPlaceholder')}
              value={keyword}
              onChange={(event) => setKeyword(event.target.value)}
              style={{ width: 260 }}
            />
          </Form.Item>
        </Form>
        {tasks.error ? (
          <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
        ) : (
          <TaskTable
            tasks={visibleTasks}
            isLoading={tasks.isLoading}
            showSubmittedAt
            pageSize={20}
            onChanged={tasks.reload}
          />
        )}
      </Card>
    </>
  );
}
