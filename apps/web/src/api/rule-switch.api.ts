import type {
  RuleSwitchDraft,
  RuleSwitchList,
  RuleSwitchTrialBody,
  RuleSwitchTrialResult,
} from '@zhibao/contracts';
import { httpClient } from './http-client';
export type {
  RuleSwitchDraft,
  RuleSwitchList,
  RuleSwitchPackageView,
  RuleSwitchTrialBody,
  RuleSwitchTrialResult,
} from '@zhibao/contracts';

/** 制度维护: the published rule-switch packages, newest first. */
export function fetchRuleSwitches(signal?: AbortSignal): Promise<RuleSwitchList> {
  return httpClient.get('/api/admin/rule-switches', { signal });
}

/** Audits a task's filings with and without the package; nothing is written. */
export function tryRuleSwitch(trial: RuleSwitchTrialBody): Promise<RuleSwitchTrialResult> {
  return httpClient.post('/api/admin/rule-switches/trial', trial);
}

export function publishRuleSwitch(draft: RuleSwitchDraft): Promise<RuleSwitchList> {
  return httpClient.post('/api/admin/rule-switches', draft);
}
