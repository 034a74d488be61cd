import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnterpriseTask, FilingStatus } from '../api/enterprise.api';

const statusColor: Record<FilingStatus, string> = {
  not_started: 'default',
  draft: 'gold',
  submitted: 'processing',
  returned: 'error',
  approved: 'success',
};

/** 未填报 / 已保存 / 已上报至X级 / 已退回 / 审核通过, coloured so returned filings stand out. */
export function FilingStatusTag({ task }: { task: Pick<EnterpriseTask, 'status' | 'pendingLevel'> }) {
  const { t } = useTranslation();
  const label =
    task.status === 'submitted'
      ? task.pendingLevel
        ? t(`status.submittedTo.${task.pendingLevel}`)
        : t('status.submitted')
      : t(`status.${task.status}`);
  return (
    <Tag color={statusColor[task.status]} variant="filled">
      {label}
    </Tag>
  );
}
