import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FilingStatus } from '../api/enterprise.api';
import { filingStatusText, type FilingStateCodes } from './filing-status';

const statusColor: Record<FilingStatus, string> = {
  not_started: 'default',
  draft: 'gold',
  submitted: 'processing',
  returned: 'error',
  approved: 'success',
};

/** 未填报 / 已保存 / 已上报至X级 / 已退回 / 审核通过, coloured so returned filings stand out. */
export function FilingStatusTag({ task }: { task: FilingStateCodes }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[task.status]} variant="filled">
      {filingStatusText(t, task)}
    </Tag>
  );
}
