// @zhibao/survey: survey definitions as data, the audit-rule language and engine, code validators and
// sample filings. Pure TypeScript without I/O, shared by the browser and the server.

export type {
  CellDefinition,
  CellRef,
  CellSelector,
  CellValue,
  ChildRelation,
  CodeList,
  CodeListEntry,
  ColumnDefinition,
  ColumnSource,
  FilingValues,
  FormDefinition,
  FormId,
  FormRow,
  GridColumnDefinition,
  GridDefinition,
  GridRowDefinition,
  IndicatorDefinition,
  IndicatorType,
  ParameterDefinition,
  PeriodType,
  RuleDefinition,
  SectionRow,
  Severity,
  SurveyEdition,
  Unit,
  ValidatorKind,
} from './definitions/survey.types.ts';
export { editionForPeriod, formsForPeriodType, getEdition, listEditions } from './definitions/editions.ts';
export { editingMethods, type EditingMethods } from './definitions/editing-methods.ts';
export {
  checkRuleSwitchChanges,
  packagesInForce,
  referenceMonth,
  switchedEdition,
  switchVersionOf,
  type RuleSetVersion,
  type RuleSwitchChange,
  type RuleSwitchPackage,
} from './definitions/rule-switches.ts';
export { gridCellKey, listCells } from './definitions/form-cells.ts';
export { codeLabel, codeListMatcher } from './definitions/code-lists.ts';
export {
  decideScope,
  findScopeThresholds,
  SCOPE_THRESHOLD_SETS,
  SCOPE_THRESHOLDS_2020,
  SCOPE_THRESHOLDS_2021,
  scopeThresholdsForYear,
  type ScopeDecision,
  type ScopeFacts,
  type ScopeThresholds,
} from './definitions/scope-thresholds.ts';
export {
  implausibility,
  isPlausible,
  STORABLE_MAGNITUDE,
  UNIT_BOUNDS,
  type UnitBound,
} from './definitions/unit-bounds.ts';

export type { AuditInput, AuditResult, EnterpriseInfo, Finding } from './audit/audit.types.ts';
export {
  auditFiling,
  compileCellDerivation,
  deriveCellValues,
  deriveComputedCells,
  type CellDerivation,
} from './audit/audit-filing.ts';
export {
  createIncrementalAuditor,
  type CellUpdate,
  type IncrementalAuditor,
} from './audit/incremental-auditor.ts';
export {
  explanationKey,
  hasBlockingErrors,
  hasVisibleText,
  SEVERITY_LABELS,
  warningsNeedingExplanation,
} from './audit/findings.ts';
export { monthlyComparison, type MonthlyComparisonRow } from './audit/monthly-comparison.ts';

export type { Expression, Span } from './rules/rule-ast.ts';
export { parseRule } from './rules/rule-parser.ts';
export { printRule } from './rules/rule-printer.ts';
export { RuleCompileError, RuleError, RuleSyntaxError, type SourcePosition } from './rules/rule-errors.ts';
export { compileAuditProgram } from './rules/rule-program.ts';

export type { CheckResult } from './validators/check-result.ts';
export { buildUscc, checkUscc, isValidUscc, type UsccParts } from './validators/uscc.validator.ts';
export {
  checkOrganizationCode,
  isValidOrganizationCode,
  organizationCodeCheckCharacter,
} from './validators/organization-code.validator.ts';
export {
  checkResidentIdNumber,
  gb11643CheckCharacter,
  isPlausibleBirthDate,
  isValidResidentIdNumber,
} from './validators/resident-id.validator.ts';
export {
  checkDivisionCode,
  isValidDivisionCodeFormat,
  PROVINCES,
} from './validators/division-code.validator.ts';
export {
  classifyEnterpriseSize,
  ENTERPRISE_SIZE_CODES,
  ENTERPRISE_SIZE_LABELS,
  type EnterpriseSize,
} from './validators/enterprise-size.ts';

export {
  FILING_FORMAT,
  FILING_FORMAT_VERSION,
  FilingFormatError,
  parseFilingDocument,
  type FilingDocument,
  type FormatIssue,
} from './interchange/filing-document.ts';

export { createSampleFiling, sampleNameParts, type SampleOptions } from './sample/sample-filing.ts';
