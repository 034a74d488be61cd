import { Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAdminTasks, type AdminTask } from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';

/** Picks one survey task of the administrator's region; by default the newest one that has reports. */
export function TaskSelect({
  value,
  onChange,
  filter,
}: {
  value: string | undefined;
  onChange: (taskId: string) => void;
  filter?: (task: AdminTask) => boolean;
}) {
  const { t } = useTranslation();
  const tasks = useApiQuery((signal) => fetchAdminTasks(signal), []);
  const options = (tasks.data?.items ?? []).filter((task) => !filter || filter(task));
  // The default is the newest opened task that reports have reached: the one administrators work on now.
  const now = Date.now();
  const opened = options.filter((task) => Date.parse(task.opensAt) <= now);
  const first = (opened.find((task) => task.submittedCount > 0) ?? opened[0] ?? options[0])?.id;
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);
  return (
    <Select
      id="task-select"
      aria-label={t('adminWork.task')}
      style={{ width: 380 }}
      loading={tasks.isLoading}
      value={value}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'label' }}
      options={options.map((task) => ({ value: task.id, label: task.name }))}
    />
  );
}
