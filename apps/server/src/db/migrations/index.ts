import type { Migration } from 'kysely';
import * as initialSchema from './20261123T0900-initial-schema.ts';
import * as accounts from './20261123T1000-accounts.ts';
import * as taskApplications from './20261123T1100-task-applications.ts';
import * as reviewAggregation from './20261123T1200-review-aggregation.ts';
import * as changeRequestsHistory from './20261124T0900-change-requests-history.ts';
import * as reviewChainSettings from './20261124T0930-review-chain-settings.ts';
import * as aggregationTotals from './20261124T1000-aggregation-totals.ts';
import * as bindingRequests from './20261206T0900-binding-requests.ts';
import * as sideEffectOutbox from './20261206T1200-side-effect-outbox.ts';
import * as countedFilings from './20261207T0200-counted-filings.ts';
import * as directoryOfRecord from './20261207T0500-directory-of-record.ts';
import * as honestPassUp from './20261207T0600-honest-pass-up.ts';
import * as oneLocalTaskPerPeriod from './20261207T0300-one-local-task-per-period.ts';

/** Every migration in order; the key is the name recorded in the database. */
export const migrations: Record<string, Migration> = {
  '20261123T0900-initial-schema': initialSchema,
  '20261123T1000-accounts': accounts,
  '20261123T1100-task-applications': taskApplications,
  '20261123T1200-review-aggregation': reviewAggregation,
  '20261124T0900-change-requests-history': changeRequestsHistory,
  '20261124T0930-review-chain-settings': reviewChainSettings,
  '20261124T1000-aggregation-totals': aggregationTotals,
  '20261206T0900-binding-requests': bindingRequests,
  '20261206T1200-side-effect-outbox': sideEffectOutbox,
  '20261207T0200-counted-filings': countedFilings,
  '20261207T0300-one-local-task-per-period': oneLocalTaskPerPeriod,
  '20261207T0500-directory-of-record': directoryOfRecord,
  '20261207T0600-honest-pass-up': honestPassUp,
};
