export {
  buildDisclosureTable,
  cellKey,
  type Contribution,
  type DisclosureCell,
  type DisclosureTable,
  type HierarchyCode,
  type TableDimension,
} from './disclosure-table.ts';
export {
  disclosureRulesOf,
  findPrimaryCells,
  primaryReasons,
  requiredProtection,
  type DisclosureRules,
  type PrimaryReason,
} from './primary-rules.ts';
export { gaussSecondarySuppression } from './gauss-suppression.ts';
export { auditSuppression, type SuppressedInterval } from './protection-audit.ts';
export { protectTable, type ProtectedTable, type SuppressionReason } from './protect-table.ts';
