import { describe, expect, it } from 'vitest';
import { editingMethods } from './editing-methods.ts';
import { getEdition, formsForPeriodType } from './editions.ts';
import { listCells } from './form-cells.ts';

describe('editingMethods', () => {
  const edition = getEdition('2021');

  it('reads the HB and sigma-gap parameters of the edition (U = 0.5, A = 0.05, C = 4)', () => {
    expect(editingMethods(edition, 'month')).toMatchObject({
      hb: { exponent: 0.5, minimumDistance: 0.05, width: 4 },
      sigmaGap: { beta: 4, startCentile: 75 },
      minClassSize: 10,
    });
  });

  it('names key indicators that are numeric cells of the forms of their period type', () => {
    for (const periodType of ['month', 'year'] as const) {
      const cells = formsForPeriodType(edition, periodType).flatMap((form) => listCells(form));
      const { keyIndicators } = editingMethods(edition, periodType);
      expect(keyIndicators.length).toBeGreaterThan(0);
      for (const ref of keyIndicators) {
        const cell = cells.find((candidate) => candidate.formId === ref.formId && candidate.key === ref.key);
        expect(cell?.type, `${ref.formId}.${ref.key}`).toMatch(/^(amount|count)$/);
      }
    }
  });

  it('says which parameter an edition lacks', () => {
    const { hbWidth: _, ...parameters } = edition.parameters;
    expect(() => editingMethods({ ...edition, parameters }, 'month')).toThrow(/hbWidth/);
  });
});
