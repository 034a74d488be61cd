import { EDITION_2021 } from './edition-2021.ts';
import type { FormDefinition, PeriodType, SurveyEdition } from './survey.types.ts';

const EDITIONS: readonly SurveyEdition[] = [EDITION_2021];
const LATEST = EDITION_2021;

/** The edition with this id or alias (a later year it serves); the latest edition when no id is given. */
export function getEdition(id?: string): SurveyEdition {
  if (id === undefined) return LATEST;
  const edition = EDITIONS.find((candidate) => candidate.id === id || candidate.aliases.includes(id));
  if (!edition) {
    throw new Error(
      `未知的调查制度版本“${id}”,可用: ${EDITIONS.map((candidate) => candidate.id).join('、')}`,
    );
  }
  return edition;
}

/** All editions, oldest first. */
export function listEditions(): readonly SurveyEdition[] {
  return EDITIONS;
}

/** The edition governing a reporting period: a year ('2023') or a month ('2024-05'); the latest when none covers it. */
export function editionForPeriod(period: string): SurveyEdition {
  const year = Number(period.slice(0, 4));
  const periodType: PeriodType = period.length > 4 ? 'month' : 'year';
  const covering = EDITIONS.filter((edition) => {
    const { from, to } = edition.coverage[periodType];
    return year >= from && year <= to;
  });
  return covering.at(-1) ?? LATEST;
}

/** The forms filed for a period type, in their official order. */
export function formsForPeriodType(edition: SurveyEdition, periodType: PeriodType): FormDefinition[] {
  return edition.forms.filter((form) => form.periodType === periodType);
}
