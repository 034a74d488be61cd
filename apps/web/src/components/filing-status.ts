import type { TFunction } from 'i18next';
import type { AdminLevel } from '@zhibao/contracts';
import type { FilingStatus } from '../api/enterprise.api';

/** A filing's state as the server sends it: codes only; the words are the interface language's. */
export interface FilingStateCodes {
  status: FilingStatus;
  pendingLevel: AdminLevel | null;
  /** The unit reviewing in place of `pendingLevel` (代审 by a park or an association), if any. */
  delegatedTo?: string | null;
}

/** 未填报 / 已保存 / 已上报至X级 (or to the delegated unit) / 已退回 / 审核通过, in the interface language. */
export function filingStatusText(t: TFunction, state: FilingStateCodes): string {
  if (state.status !== 'submitted') return t(`status.${state.status}`);
  if (state.delegatedTo) return t('status.submittedToDelegate', { name: state.delegatedTo });
  return state.pendingLevel ? t(`status.submittedTo.${state.pendingLevel}`) : t('status.submitted');
}
