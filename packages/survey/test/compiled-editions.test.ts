import { describe, expect, it } from 'vitest';
import { zhibaoEditions } from '../vite-plugin.ts';
import { auditFiling } from '../src/audit/audit-filing.ts';
import { listEditions } from '../src/definitions/editions.ts';
import type { SurveyEdition } from '../src/definitions/survey.types.ts';
import { createSampleFiling } from '../src/sample/sample-filing.ts';

// The browser gets the editions compiled at build time: what it evaluates must be the editions Node loads.
function browserEditions(): SurveyEdition[] {
  const plugin = zhibaoEditions();
  const id = plugin.resolveId('virtual:zhibao-editions')!;
  const code = plugin.load(id)!;
  const json = /^export default JSON\.parse\((.*)\);$/s.exec(code)![1]!;
  return JSON.parse(JSON.parse(json) as string) as SurveyEdition[];
}

describe('the editions compiled for the browser', () => {
  const compiled = browserEditions();

  it('are the editions as Node loads them, in order', () => {
    expect(compiled).toEqual(listEditions());
  });

  it('give the same findings as the loaded ones', () => {
    for (const [i, edition] of listEditions().entries()) {
      for (const periodType of ['year', 'month'] as const) {
        const values = createSampleFiling(edition, { periodType, seed: 5, withIssues: ['error', 'warning'] });
        const { findings } = auditFiling(edition, { periodType, values });
        expect(findings.length).toBeGreaterThan(0);
        expect(auditFiling(compiled[i]!, { periodType, values }).findings).toEqual(findings);
      }
    }
  });

  it('leave other modules to Vite', () => {
    expect(zhibaoEditions().resolveId('react')).toBeUndefined();
  });
});
