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
import * as oneFilingPerLocalPeriod from './20261208T0100-one-filing-per-local-period.ts';
import * as editingStopThresholds from './20261208T0300-editing-stop-thresholds.ts';
import * as sizeFromFiling from './20261208T0800-size-from-filing.ts';
import * as filingsWaitingIndex from './20261208T0810-filings-waiting-index.ts';
import * as personalDataAtRest from './20261208T0700-personal-data-at-rest.ts';
import * as ruleSwitchPackages from './20261210T0510-rule-switch-packages.ts';
import * as announcements from './20261210T0310-announcements.ts';
import * as announcementCategory from './20261211T0410-announcement-category.ts';
import * as oneLocalTaskPerPeriod from './20261207T0300-one-local-task-per-period.ts';
import * as externalIdentities from './20261208T0600-external-identities.ts';
import * as movedIn from './20261208T0610-moved-in.ts';
import * as passUpSummaryTableAndExchange from './20261210T0410-pass-up-summary-table-and-exchange.ts';
import * as dataQualityRuns from './20261210T0210-data-quality-runs.ts';
import * as outlierRuns from './20261210T0220-outlier-runs.ts';
import * as mobilesAtRest from './20261210T0710-mobiles-at-rest.ts';
import * as insertedFilingsSetWise from './20261211T0500-inserted-filings-set-wise.ts';
import * as filingsFirstSubmitted from './20261211T0100-filings-first-submitted.ts';
import * as regionWorkflowIndexes from './20261211T0110-region-workflow-indexes.ts';

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
  '20261208T0100-one-filing-per-local-period': oneFilingPerLocalPeriod,
  '20261208T0300-editing-stop-thresholds': editingStopThresholds,
  '20261208T0600-external-identities': externalIdentities,
  '20261208T0610-moved-in': movedIn,
  '20261208T0800-size-from-filing': sizeFromFiling,
  '20261208T0810-filings-waiting-index': filingsWaitingIndex,
  '20261208T0700-personal-data-at-rest': personalDataAtRest,
  '20261210T0210-data-quality-runs': dataQualityRuns,
  '20261210T0220-outlier-runs': outlierRuns,
  '20261210T0310-announcements': announcements,
  '20261210T0410-pass-up-summary-table-and-exchange': passUpSummaryTableAndExchange,
  '20261210T0510-rule-switch-packages': ruleSwitchPackages,
  '20261210T0710-mobiles-at-rest': mobilesAtRest,
  '20261211T0100-filings-first-submitted': filingsFirstSubmitted,
  '20261211T0110-region-workflow-indexes': regionWorkflowIndexes,
  '20261211T0410-announcement-category': announcementCategory,
  '20261211T0500-inserted-filings-set-wise': insertedFilingsSetWise,
};
