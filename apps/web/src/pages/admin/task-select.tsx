import { Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAdminTasks, type AdminTask } from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';

/** Picks one survey task of the administrator's region; the newest deadline is chosen when none is. */
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
  // The default is the newest task whose filing window has opened: the one administrators work on now.
  const now = Date.now();
  const first = (options.find((task) => Date.parse(task.opensAt) <= now) ?? options[0])?.id;
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
