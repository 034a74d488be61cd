import type { ValidatorKind } from '../definitions/survey.types.ts';
import type { CheckResult } from './check-result.ts';
import { checkDivisionCode } from './division-code.validator.ts';
import { checkOrganizationCode } from './organization-code.validator.ts';
import { checkResidentIdNumber } from './resident-id.validator.ts';
import { checkUscc } from './uscc.validator.ts';

/** The check behind each validator a form cell can name, as rules call them with VALID(). */
export const CODE_CHECKERS: Readonly<Record<ValidatorKind, (code: string) => CheckResult>> = {
  uscc: checkUscc,
  'organization-code': checkOrganizationCode,
  'resident-id': (id) => checkResidentIdNumber(id),
  'division-code': checkDivisionCode,
};
