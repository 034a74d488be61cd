import type { CellValue, PeriodType, SurveyEdition } from '../src/definitions/survey.types.ts';
import { formsForPeriodType } from '../src/definitions/editions.ts';
import { buildCellSpace, Frame } from '../src/rules/cell-space.ts';
import type { CompileEnvironment } from '../src/rules/rule-compiler.ts';
import { writeCell } from '../src/audit/frame-io.ts';

/** A compile environment over one period type's forms, and a loader of plain key → value records into frames. */
export function frameWith(edition: SurveyEdition, periodType: PeriodType) {
  const space = buildCellSpace(formsForPeriodType(edition, periodType));
  const env: CompileEnvironment = {
    space,
    parameters: edition.parameters,
    codeLists: new Map(edition.codeLists.map((list) => [list.id, list])),
  };
  const homeForm = space.forms[space.forms.length - 1]!.id;
  const load = (...periods: Array<Record<string, CellValue> | undefined>): Frame => {
    const frame = new Frame(space.cellCount * 3);
    periods.forEach((values, period) => {
      for (const [key, value] of Object.entries(values ?? {})) {
        const cellIndex = space.indexByForm.get(homeForm)!.get(key)!;
        writeCell(frame, period * space.cellCount + cellIndex, space.isNumeric[cellIndex]!, value);
      }
    });
    return frame;
  };
  return { env, load };
}
