import type { FormDefinition, PeriodType, SurveyEdition } from './survey.types.ts';

/** The forms filed for a period type, in their official order. */
export function formsForPeriodType(edition: SurveyEdition, periodType: PeriodType): FormDefinition[] {
  return edition.forms.filter((form) => form.periodType === periodType);
}
