import { describe, expect, it } from 'vitest';
import { failedCheckOf, labelKeyOf } from './exchange-import-checks';

// The import screen reads a refusal's fields (the package's JSON paths) to say which check failed and which field.
describe('the checks of a pass-up package import', () => {
  it('names the check a refused field belongs to', () => {
    expect(failedCheckOf(['signature.value'])).toBe('signature');
    expect(failedCheckOf(['payload.region.code'])).toBe('region');
    expect(failedCheckOf(['payload.task.editionId'])).toBe('edition');
    expect(failedCheckOf(['payload.summaryTable.rows.0.figures.2.current'])).toBe('table');
    expect(failedCheckOf(['payload.filings.3.enterprise.divisionCode'])).toBe('filings');
    expect(failedCheckOf(['format'])).toBe('format');
    // A field of no check (a prefix only in appearance) is none of them.
    expect(failedCheckOf(['formatted'])).toBeNull();
  });

  it('names the field by the longest known prefix of its path', () => {
    expect(labelKeyOf('payload.task.editionId')).toBe('edition');
    expect(labelKeyOf('payload.task.period')).toBe('task');
    expect(labelKeyOf('payload.filings.0.forms')).toBe('filings');
    expect(labelKeyOf('payload.unknown')).toBeUndefined();
  });
});
