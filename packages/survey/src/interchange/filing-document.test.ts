import { describe, expect, it } from 'vitest';
import { getEdition } from '../definitions/editions.ts';
import { FilingFormatError, parseFilingDocument } from './filing-document.ts';

function issuesOf(json: unknown): string[] {
  try {
    parseFilingDocument(json);
  } catch (error) {
    if (error instanceof FilingFormatError) return error.message.split('\n');
    throw error;
  }
  return [];
}

const base = { format: 'zhibao-filing', version: 1, periodType: 'year', period: '2023' };

describe('parseFilingDocument', () => {
  it('accepts a well-formed document and picks the edition of its period', () => {
    const { edition, input } = parseFilingDocument({
      ...base,
      forms: {
        business: { A61: 12.5, D15: null },
        basic: { B01: '91430111MA4L41YT1U' },
        'revenue-classification': { '1.3:export': 3 },
      },
    });
    expect(edition).toBe(getEdition('2021'));
    expect(input).toMatchObject({
      periodType: 'year',
      period: '2023',
      values: { business: { A61: 12.5, D15: null } },
    });
  });

  it('names every place at fault by its JSON path', () => {
    expect(
      issuesOf({
        ...base,
        forms: {
          business: { A61: 'abc', A99: 1 },
          basic: { B13: 1 },
          monthly: {},
          'revenue-classification': { '1.3:export': [] },
        },
        previousPeriod: 5,
      }),
    ).toEqual([
      'forms.business.A61: expected a number, got "abc"',
      'forms.business.A99: unknown cell of 企业主要业务指标表 (软统企3表)',
      'forms.basic.B13: expected a string, got 1',
      'forms.monthly: unknown form for a yearly filing (expected one of basic, finance, business, revenue-classification, ai)',
      'forms["revenue-classification"]["1.3:export"]: expected a number, got an array',
      'previousPeriod: expected an object of forms, got 5',
    ]);
  });

  it('checks the envelope', () => {
    expect(issuesOf([])).toEqual(['(root): expected an object, got an array']);
    expect(issuesOf({ format: 'x', version: 2, periodType: 'week' })).toEqual([
      'format: expected "zhibao-filing", got "x"',
      'version: expected 1, got 2',
      'periodType: expected "year" or "month", got "week"',
    ]);
    expect(issuesOf({ ...base, period: '2023-13', edition: '1999', forms: {} })).toEqual([
      'period: expected a year like "2023", got "2023-13"',
      'edition: 未知的调查制度版本“1999”,可用: 2021、2024',
    ]);
  });
});
