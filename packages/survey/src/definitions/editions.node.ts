import { EDITION_SOURCES } from '#edition-sources';
import { loadEditions } from './edition-loader.ts';
import type { SurveyEdition } from './survey.types.ts';

// The editions as Node gets them: the files in editions/*.yaml, loaded, checked and compiled when the package is
// first imported; a broken file stops the server at start with its file, line and column.

/** Every edition, oldest first. */
export const EDITIONS: readonly SurveyEdition[] = loadEditions(EDITION_SOURCES).editions;
