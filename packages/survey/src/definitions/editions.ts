import { EDITIONS } from '#editions';
import type { PeriodType, SurveyEdition } from './survey.types.ts';

export { formsForPeriodType } from './edition-forms.ts';

// The editions are the files in editions/*.yaml: Node loads them when the package is first imported, the browser
// gets them compiled at build time (package.json `imports` picks one).
const LATEST = EDITIONS.at(-1)!;

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
