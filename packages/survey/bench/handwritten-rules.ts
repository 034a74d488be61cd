import {
  codeListMatcher,
  formsForPeriodType,
  listCells,
  type CellDefinition,
  type CellRef,
  type CellValue,
  type FilingValues,
  type Finding,
  type FormId,
  type Severity,
  type SurveyEdition,
} from '../src/index.ts';
import type { AuditInput } from '../src/audit/audit.types.ts';
import { implausibility, UNIT_BOUNDS } from '../src/definitions/unit-bounds.ts';
import type { Unit } from '../src/definitions/survey.types.ts';
import { formatNumber } from '../src/rules/message-template.ts';
import { roundHalfAway } from '../src/rules/rule-compiler.ts';
import { checkDivisionCode } from '../src/validators/division-code.validator.ts';
import { checkOrganizationCode } from '../src/validators/organization-code.validator.ts';
import { checkUscc } from '../src/validators/uscc.validator.ts';

// The limit: the same rules written by hand as plain TypeScript over FilingValues, as a careful engineer
// would without a rule engine. Cell lists (required, non-negative, …) come from the form definitions once;
// each audit reads values straight from the filing's objects.

type Values = Record<string, CellValue> | undefined;
type Report = (ruleId: string, severity: Severity, message: string, cells: readonly CellRef[]) => void;

const blank = (record: Values, key: string): boolean => {
  const value = record?.[key];
  return value === undefined || value === null || value === '';
};
const num = (record: Values, key: string): number => {
  const value = record?.[key];
  return typeof value === 'number' ? value : 0;
};
const text = (record: Values, key: string): string => {
  const value = record?.[key];
  return typeof value === 'string' ? value : '';
};
const f = formatNumber;

interface CellCheck {
  formId: FormId;
  key: string;
  name: string;
  table: string;
  ref: readonly CellRef[];
}

function cellChecks(edition: SurveyEdition, cells: CellDefinition[]): CellCheck[] {
  return cells.map((cell) => ({
    formId: cell.formId,
    key: cell.key,
    name: cell.name,
    table: edition.forms.find((form) => form.id === cell.formId)!.name,
    ref: [{ formId: cell.formId, key: cell.key }],
  }));
}

function cellLists(edition: SurveyEdition, periodType: 'year' | 'month') {
  const cells = formsForPeriodType(edition, periodType).flatMap((form) => listCells(form));
  const typed = cells.filter((cell) => !cell.isComputed);
  const isNumeric = (cell: CellDefinition): boolean =>
    cell.type === 'amount' || cell.type === 'count' || cell.type === 'ratio';
  const parents = cells.filter((parent) =>
    cells.some(
      (cell) => cell.parentKey === parent.key && cell.formId === parent.formId && cell.relation === 'ofWhich',
    ),
  );
  return {
    required: cellChecks(
      edition,
      typed.filter((cell) => cell.isRequired),
    ),
    nonNegative: cellChecks(
      edition,
      typed.filter(
        (cell) => isNumeric(cell) && !(cell.allowsNegative && UNIT_BOUNDS[cell.unit!].allowsNegative),
      ),
    ),
    numeric: typed
      .filter((cell) => isNumeric(cell) && cell.unit !== null)
      .map((cell) => ({ ...cellChecks(edition, [cell])[0]!, unit: cell.unit! })),
    coded: typed
      .filter((cell) => cell.codeList !== undefined)
      .map((cell) => ({
        ...cellChecks(edition, [cell])[0]!,
        matches: codeListMatcher(edition.codeLists.find((list) => list.id === cell.codeList)!),
      })),
    flows: cellChecks(
      edition,
      typed.filter((cell) => cell.isFlow),
    ),
    ofWhich: parents.map((parent) => {
      const children = cells.filter(
        (cell) =>
          cell.parentKey === parent.key && cell.formId === parent.formId && cell.relation === 'ofWhich',
      );
      return {
        ...cellChecks(edition, [parent])[0]!,
        children: children.map((child) => child.key),
        ref: [...children, parent].map((cell) => ({ formId: cell.formId, key: cell.key })),
      };
    }),
  };
}

/** Each typed number against the bound of its unit, as the plausibility rule (E-RANGE, E-MON-RANGE) checks it. */
function checkPlausible(
  ruleId: string,
  cells: ReadonlyArray<CellCheck & { unit: Unit }>,
  valuesOf: (formId: FormId) => Values,
  report: Report,
): void {
  for (const c of cells) {
    const value = valuesOf(c.formId)?.[c.key];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    const reason = implausibility(c.unit, Number(value));
    if (reason !== '') report(ruleId, 'error', `${c.table}: ${c.name}(${c.key})${reason}`, c.ref);
  }
}

function sumOf(record: Values, keys: readonly string[]): number {
  let total = 0;
  for (const key of keys) total += num(record, key);
  return total;
}

/** Hand-written audit of monthly filings. */
export function createHandwrittenMonthlyAuditor(edition: SurveyEdition) {
  const p = edition.parameters as Record<string, number>;
  const tol = p.tolerance!;
  const weight = p.embeddedSoftwareWeight!;
  const lists = cellLists(edition, 'month');
  const round2 = (x: number): number => roundHalfAway(x, 2);
  const derive = (m: Values) => {
    const e2024 = blank(m, '20241') ? 0 : round2(num(m, '20241') * weight);
    const e2042 = blank(m, '20421') ? 0 : round2(num(m, '20421') * weight);
    return {
      s2020: num(m, '2021') + num(m, '2022') + num(m, '2023') + e2024,
      s2040: num(m, '2041') + e2042 + num(m, '2043'),
    };
  };
  const ref = (...keys: string[]): CellRef[] => keys.map((key) => ({ formId: 'monthly', key }));
  const cells2020 = ref('2020');

  return (input: AuditInput): Finding[] => {
    const findings: Finding[] = [];
    const report: Report = (ruleId, severity, message, cells) =>
      findings.push({ ruleId, severity, message, cells });
    const m = input.values.monthly;
    const previous = input.period?.endsWith('-01') ? undefined : input.previousPeriod?.monthly;
    const lastYear = input.samePeriodLastYear?.monthly;
    const { s2020, s2040 } = derive(m);
    for (const c of lists.required)
      if (blank(m, c.key)) report('E-MON-REQ', 'error', `${c.table}: ${c.name}(${c.key})为必填项`, c.ref);
    for (const c of lists.nonNegative) {
      if (num(m, c.key) < 0)
        report(
          'E-MON-NEG',
          'error',
          `${c.table}: ${c.name}(${c.key})不能为负数,当前为${f(num(m, c.key))}`,
          c.ref,
        );
    }
    checkPlausible('E-MON-RANGE', lists.numeric, () => m, report);
    for (const c of lists.coded) {
      const code = text(m, c.key);
      if (code !== '' && !c.matches(code))
        report('E-MON-CODE', 'error', `${c.table}: ${c.name}(${c.key})“${code}”不是有效代码`, c.ref);
    }
    for (const c of lists.ofWhich) {
      const total = sumOf(m, c.children);
      if (total > num(m, c.key) + tol)
        report(
          'E-MON-PART',
          'error',
          `${c.table}: ${c.name}(${c.key})的其中项之和${f(total)}大于${c.name}${f(num(m, c.key))}`,
          c.ref,
        );
    }
    for (const c of lists.flows) {
      if (!blank(previous, c.key) && num(m, c.key) < num(previous, c.key) - tol) {
        report(
          'E-MON-CUM',
          'error',
          `${c.name}(${c.key})本年本期累计${f(num(m, c.key))}小于本年上期累计${f(num(previous, c.key))},累计数不应减少`,
          c.ref,
        );
      }
    }
    if (!blank(m, '2010') && s2020 > num(m, '2010') + tol) {
      report(
        'E-MON-01',
        'error',
        `软件业务收入合计${f(s2020)}万元不能大于主营业务收入${f(num(m, '2010'))}万元`,
        ref('2020', '2010'),
      );
    }
    if (text(m, '2001') === '2' && !(Math.abs(num(m, '20241')) <= tol && Math.abs(num(m, '20421')) <= tol)) {
      report(
        'E-MON-02',
        'error',
        `未填报嵌入式系统软件业务,20241=${f(num(m, '20241'))},20421=${f(num(m, '20421'))}应为0`,
        ref('20241', '20421'),
      );
    }
    if (s2020 > tol && num(m, '2110') * 100 > p.rdIntensityMax! * s2020 + tol) {
      report(
        'W-MON-01',
        'warning',
        `研发经费${f(num(m, '2110'))}万元超过软件业务收入合计${f(s2020)}万元的${p.rdIntensityMax}%,请确认`,
        ref('2110', '2020'),
      );
    }
    if (s2040 * p.usdCnyRateCeiling! > s2020 + tol) {
      report(
        'W-MON-02',
        'warning',
        `软件业务出口${f(s2040)}万美元超过软件业务收入合计${f(s2020)}万元,请确认`,
        ref('2040', '2020'),
      );
    }
    if (s2020 > tol && !(num(m, '2112') > tol))
      report('W-MON-03', 'warning', `有软件业务收入(${f(s2020)}万元)但平均用工人数为0,请确认`, ref('2112'));
    const lastYear2020 = derive(lastYear).s2020;
    for (const [key, current, base] of [
      ['2010', num(m, '2010'), num(lastYear, '2010')],
      ['2020', s2020, lastYear2020],
    ] as const) {
      if (base > tol && Math.abs(current - base) * 100 > p.yoyGrowthMax! * base + tol) {
        report(
          'H-MON-01',
          'hint',
          `本年本期累计${f(current)}万元,同比增长${f((current / base - 1) * 100)}%,请核实`,
          key === '2010' ? ref('2010') : cells2020,
        );
      }
    }
    if (num(m, '2010') > tol && s2020 * 100 < p.softwareShareMin! * num(m, '2010') - tol) {
      report(
        'H-MON-02',
        'hint',
        `软件业务收入合计占主营业务收入的比重为${f((s2020 / num(m, '2010')) * 100)}%`,
        ref('2020', '2010'),
      );
    }
    if (
      s2020 > tol &&
      Math.abs((num(m, '2090') / s2020) * 100 - p.nationalAverageProfitRate!) >
        (p.nationalAverageProfitRate! * p.profitRateDeviation!) / 100 + tol
    ) {
      report(
        'H-MON-03',
        'hint',
        `软件业务利润率为${f((num(m, '2090') / s2020) * 100)}%,请确认`,
        ref('2090', '2020'),
      );
    }
    return findings;
  };
}

/** Hand-written audit of annual filings. */
export function createHandwrittenAnnualAuditor(edition: SurveyEdition) {
  const p = edition.parameters as Record<string, number>;
  const tol = p.tolerance!;
  const lists = cellLists(edition, 'year');
  const gridRows = edition.forms.find((form) => form.id === 'revenue-classification')!.grid!.rows;
  const leaves = gridRows
    .filter((row) => row.rowNo.includes('.'))
    .map((row) => ({
      rowNo: row.rowNo,
      name: row.name,
      group: row.rowNo.split('.')[0]!,
      income: `${row.rowNo}:income`,
      export: `${row.rowNo}:export`,
      export1: `${row.rowNo}:export1`,
      export2: `${row.rowNo}:export2`,
    }));
  const exportingLeaves = leaves.filter((leaf) => leaf.group !== '4');
  const reconciled: Array<[string, string, string]> = [
    ['E-XT-01', 'A11', '1'],
    ['E-XT-02', 'A12', '2'],
    ['E-XT-03', 'A13', '3'],
    ['E-XT-04', 'A14', '4'],
    ['E-XT-05', 'A111', '1.1'],
    ['E-XT-06', 'A112', '1.4'],
    ['E-XT-07', 'A121', '2.5'],
    ['E-XT-08', 'A122', '2.6'],
    ['E-XT-09', 'A123', '2.7'],
    ['E-XT-10', 'A124', '2.8'],
    ['E-XT-11', 'A125', '2.10'],
    ['E-XT-12', 'A131', '3.3'],
  ];
  const grid = 'revenue-classification' as const;
  const cell = (formId: FormId, key: string): CellRef => ({ formId, key });

  return (input: AuditInput): Finding[] => {
    const findings: Finding[] = [];
    const report: Report = (ruleId, severity, message, cells) =>
      findings.push({ ruleId, severity, message, cells });
    const values: FilingValues = input.values;
    const b = values.basic;
    const fin = values.finance;
    const a = values.business;
    const g = values[grid];
    const ai = values.ai;
    const hasAi = text(b, 'B14') === '1';

    // Derived cells the rules read.
    const a10 = num(a, 'A11') + num(a, 'A12') + num(a, 'A13') + num(a, 'A14');
    const a60 = num(a, 'A61') + num(a, 'A62') + num(a, 'A63');
    const e10 = num(ai, 'E11') + num(ai, 'E12') + num(ai, 'E13');
    const classSum = (group: string, column: 'income' | 'export'): number => {
      let total = 0;
      for (const leaf of leaves) if (leaf.group === group) total += num(g, leaf[column]);
      return total;
    };
    const classIncome = {
      '1': classSum('1', 'income'),
      '2': classSum('2', 'income'),
      '3': classSum('3', 'income'),
      '4': classSum('4', 'income'),
    };
    const leafIncome = (rowNo: string): number => num(g, `${rowNo}:income`);

    for (const c of lists.required) {
      if (c.formId === 'ai' && !hasAi) continue;
      const record = values[c.formId];
      if (blank(record, c.key)) report('E-REQ', 'error', `${c.table}: ${c.name}(${c.key})为必填项`, c.ref);
    }
    for (const c of lists.nonNegative) {
      if (c.formId === 'ai' && !hasAi) continue;
      const value = num(values[c.formId], c.key);
      if (value < 0)
        report('E-NEG', 'error', `${c.table}: ${c.name}(${c.key})不能为负数,当前为${f(value)}`, c.ref);
    }
    checkPlausible(
      'E-RANGE',
      lists.numeric.filter((c) => c.formId !== 'ai' || hasAi),
      (formId) => values[formId],
      report,
    );
    for (const c of lists.coded) {
      if (c.formId === 'ai' && !hasAi) continue;
      const code = text(values[c.formId], c.key);
      if (code !== '' && !c.matches(code))
        report('E-CODE', 'error', `${c.table}: ${c.name}(${c.key})“${code}”不是有效代码`, c.ref);
    }
    for (const c of lists.ofWhich) {
      if (c.formId === 'ai' && !hasAi) continue;
      const record = values[c.formId];
      const total = sumOf(record, c.children);
      if (total > num(record, c.key) + tol)
        report(
          'E-PART',
          'error',
          `${c.table}: ${c.name}(${c.key})的其中项之和${f(total)}大于${f(num(record, c.key))}`,
          c.ref,
        );
    }
    const staffParts = num(a, 'D15') + num(a, 'D16') + num(a, 'D17');
    if (Math.abs(num(a, 'D10') - staffParts) > tol) {
      report('E-SUM', 'error', `从业人员期末人数(D10)${f(num(a, 'D10'))}不等于其分项之和${f(staffParts)}`, [
        cell('business', 'D10'),
        cell('business', 'D15'),
        cell('business', 'D16'),
        cell('business', 'D17'),
      ]);
    }

    // 企业基本情况表
    const uscc = text(b, 'B01');
    const usccCheck = uscc === '' ? undefined : checkUscc(uscc);
    const usccValid = usccCheck === undefined || usccCheck.ok;
    if (usccCheck && !usccCheck.ok)
      report('E-BAS-01', 'error', `统一社会信用代码“${uscc}”有误: ${usccCheck.reason}`, [
        cell('basic', 'B01'),
      ]);
    const orgCode = text(b, 'B02');
    const orgCheck = orgCode === '' ? undefined : checkOrganizationCode(orgCode);
    if (orgCheck && !orgCheck.ok)
      report('E-BAS-02', 'error', `组织机构代码“${orgCode}”有误: ${orgCheck.reason}`, [cell('basic', 'B02')]);
    if (uscc !== '' && orgCode !== '' && usccValid && uscc.slice(8, 17) !== orgCode) {
      report(
        'E-BAS-03',
        'error',
        `组织机构代码“${orgCode}”应与统一社会信用代码第9至17位“${uscc.slice(8, 17)}”一致`,
        [cell('basic', 'B01'), cell('basic', 'B02')],
      );
    }
    const division = text(b, 'B05');
    const divisionCheck = division === '' ? undefined : checkDivisionCode(division);
    if (divisionCheck && !divisionCheck.ok)
      report('E-BAS-04', 'error', `行政区划代码“${division}”有误: ${divisionCheck.reason}`, [
        cell('basic', 'B05'),
      ]);
    if (uscc !== '' && division !== '' && usccValid && uscc.slice(2, 4) !== division.slice(0, 2)) {
      report(
        'H-BAS-01',
        'hint',
        `登记管理机关所在省级代码(${uscc.slice(2, 4)})与单位所在地(${division.slice(0, 2)})不同`,
        [cell('basic', 'B01'), cell('basic', 'B05')],
      );
    }
    const industry = text(b, 'B09');
    if (industry !== '' && !industry.startsWith('65') && !industry.startsWith('64')) {
      report('H-BAS-02', 'hint', `行业代码${industry}不属于65或64大类,请确认主要业务活动`, [
        cell('basic', 'B09'),
      ]);
    }

    // 企业主要财务指标表
    if (Math.abs(num(fin, 'F10') - (num(fin, 'F20') + num(fin, 'F25'))) > tol) {
      report('E-FIN-01', 'error', `资产总计${f(num(fin, 'F10'))}千元应等于负债与所有者权益之和`, [
        cell('finance', 'F10'),
        cell('finance', 'F20'),
        cell('finance', 'F25'),
      ]);
    }
    if (num(fin, 'F13') > num(fin, 'F12') + tol)
      report('E-FIN-02', 'error', `累计折旧${f(num(fin, 'F13'))}千元不能大于固定资产原价`, [
        cell('finance', 'F13'),
        cell('finance', 'F12'),
      ]);

    // The manual's serious warnings.
    for (const leaf of exportingLeaves) {
      const exported = num(g, leaf.export);
      const parts = num(g, leaf.export1) + num(g, leaf.export2);
      const refs = [cell(grid, leaf.export), cell(grid, leaf.export1), cell(grid, leaf.export2)];
      if (exported > parts + tol) {
        report(
          'W-MAN-01',
          'warning',
          `第${leaf.group}行${leaf.rowNo}${leaf.name}:本年出口>出口1+出口2(本年出口=${f(exported)},出口1=${f(num(g, leaf.export1))},出口2=${f(num(g, leaf.export2))},单位: 万美元)`,
          refs,
        );
      }
    }
    const classExports = classSum('1', 'export') + classSum('2', 'export') + classSum('3', 'export');
    if (Math.abs(classExports - (num(a, 'A61') + num(a, 'A63'))) > tol) {
      report(
        'W-MAN-02',
        'warning',
        `软件业务收入分类表中的软件产品、信息技术服务、信息安全各行业中的产品出口合计值=A61(软件外包服务出口)+A63(其它软件业务出口)(分类表出口合计=${f(classExports)},A61+A63=${f(num(a, 'A61') + num(a, 'A63'))},单位: 万美元)`,
        [
          cell(grid, '1:export'),
          cell(grid, '2:export'),
          cell(grid, '3:export'),
          cell('business', 'A61'),
          cell('business', 'A63'),
        ],
      );
    }
    if (a10 > tol) {
      const rate = (num(fin, 'F55') / 10 / a10) * 100;
      if (
        Math.abs(rate - p.nationalAverageProfitRate!) >
        (p.nationalAverageProfitRate! * p.profitRateDeviation!) / 100 + tol
      ) {
        report(
          'W-MAN-03',
          'warning',
          `软件业务利润率(主要财务指标表中的利润总额/软件业务收入合计*100)为${f(rate)}%,偏离全国平均值${p.nationalAverageProfitRate}%正负${p.profitRateDeviation}%,请确认`,
          [cell('finance', 'F55'), cell('business', 'A10')],
        );
      }
    }
    const mainRevenue = num(fin, 'F31') / 10;
    if (num(fin, 'F31') > tol && a10 * 100 < (p.softwareShareMin! * num(fin, 'F31')) / 10 - tol) {
      report(
        'W-MAN-04',
        'warning',
        `软件业务收入合计与主营业务收入的比值大于等于${p.softwareShareMin}%的企业才能纳统(比值${f((a10 / mainRevenue) * 100)}%)`,
        [cell('business', 'A10'), cell('finance', 'F31')],
      );
    }
    if (blank(a, 'D15') && blank(a, 'D16'))
      report('W-MAN-05', 'warning', 'D15(硕士及以上)与D16(大专及大本)至少一项不能为空', [
        cell('business', 'D15'),
        cell('business', 'D16'),
      ]);

    // 企业主要业务指标表
    if (num(a, 'A50') > a10 + tol)
      report(
        'E-BUS-01',
        'error',
        `软件外包服务收入${f(num(a, 'A50'))}万元不能大于软件业务收入合计${f(a10)}万元`,
        [cell('business', 'A50'), cell('business', 'A10')],
      );
    if (!blank(fin, 'F31') && a10 > mainRevenue + tol)
      report('E-BUS-02', 'error', `软件业务收入合计${f(a10)}万元不能大于主营业务收入${f(mainRevenue)}万元`, [
        cell('business', 'A10'),
        cell('finance', 'F31'),
      ]);
    if (text(b, 'B13') === '2' && !(Math.abs(num(a, 'A14')) <= tol && Math.abs(num(a, 'A62')) <= tol)) {
      report(
        'E-BUS-03',
        'error',
        `无嵌入式系统软件业务,A14=${f(num(a, 'A14'))},A62=${f(num(a, 'A62'))}应为0`,
        [cell('business', 'A14'), cell('business', 'A62')],
      );
    }
    if (a10 > tol && num(a, 'C10') * 100 > p.rdIntensityMax! * a10 + tol)
      report('W-BUS-01', 'warning', `研发经费${f(num(a, 'C10'))}万元超过软件业务收入合计`, [
        cell('business', 'C10'),
        cell('business', 'A10'),
      ]);
    if (a60 * p.usdCnyRateCeiling! > a10 + tol)
      report('W-BUS-02', 'warning', `软件业务出口${f(a60)}万美元超过软件业务收入合计${f(a10)}万元`, [
        cell('business', 'A60'),
        cell('business', 'A10'),
      ]);
    if (a10 > tol && !(num(a, 'D20') > tol))
      report('W-BUS-03', 'warning', `有软件业务收入(${f(a10)}万元)但从业人员平均人数为0`, [
        cell('business', 'D20'),
      ]);
    if (num(a, 'D20') > tol && num(a, 'D30') < p.annualWageMinPerPerson! * num(a, 'D20') - tol) {
      report(
        'H-BUS-01',
        'hint',
        `人均工资${f(num(a, 'D30') / num(a, 'D20'))}万元低于${p.annualWageMinPerPerson}万元`,
        [cell('business', 'D30'), cell('business', 'D20')],
      );
    }
    if (!blank(fin, 'F31')) {
      const special = num(a, 'A111') + num(a, 'A112') + num(a, 'A13') + num(a, 'A122') + num(a, 'A123');
      const inScope =
        mainRevenue >= p.scopeMainRevenueMin! - tol ||
        (mainRevenue >= p.scopeSpecialRevenueMin! - tol &&
          (num(a, 'A125') * 100 >= (p.icDesignShareMin! * num(fin, 'F31')) / 10 - tol ||
            special * 100 >= p.specialActivityShareMin! * a10 - tol));
      if (!inScope)
        report('W-SCOPE-01', 'warning', `主营业务收入${f(mainRevenue)}万元未达到纳统标准`, [
          cell('finance', 'F31'),
          cell('business', 'A125'),
          cell('business', 'A10'),
        ]);
    }

    // 软件业务收入分类表
    for (const leaf of exportingLeaves) {
      const parts = num(g, leaf.export1) + num(g, leaf.export2);
      if (parts > num(g, leaf.export) + tol) {
        report('E-REV-01', 'error', `第${leaf.group}行${leaf.rowNo}${leaf.name}:出口1+出口2>本年出口`, [
          cell(grid, leaf.export1),
          cell(grid, leaf.export2),
          cell(grid, leaf.export),
        ]);
      }
    }
    for (const leaf of leaves) {
      const exported = num(g, leaf.export);
      if (exported > tol && exported * p.usdCnyRateCeiling! > num(g, leaf.income) + tol) {
        report(
          'H-REV-01',
          'hint',
          `第${leaf.group}行${leaf.rowNo}${leaf.name}:本年出口${f(exported)}万美元折合人民币大于本年收入`,
          [cell(grid, leaf.export), cell(grid, leaf.income)],
        );
      }
    }

    // Cross-table consistency.
    for (const [ruleId, code, rowNo] of reconciled) {
      const gridIncome = rowNo.includes('.')
        ? leafIncome(rowNo)
        : classIncome[rowNo as '1' | '2' | '3' | '4'];
      if (Math.abs(num(a, code) - gridIncome) > tol) {
        report(
          ruleId,
          'error',
          `${code}${f(num(a, code))}万元与分类表${rowNo}本年收入${f(gridIncome)}万元不一致`,
          [cell('business', code), cell(grid, `${rowNo}:income`)],
        );
      }
    }
    const embeddedExport = classSum('4', 'export');
    if (Math.abs(num(a, 'A62') - embeddedExport) > tol)
      report('E-XT-13', 'error', `A62${f(num(a, 'A62'))}与分类表嵌入式出口${f(embeddedExport)}不一致`, [
        cell('business', 'A62'),
        cell(grid, '4:export'),
      ]);

    // 人工智能企业业务指标表
    if (hasAi) {
      if (e10 > num(fin, 'F30') / 10 + tol)
        report('E-AI-01', 'error', `人工智能业务收入合计${f(e10)}万元不能大于营业收入`, [
          cell('ai', 'E10'),
          cell('finance', 'F30'),
        ]);
      if (num(ai, 'E40') > num(a, 'D10') + tol)
        report('E-AI-02', 'error', `人工智能从业人员${f(num(ai, 'E40'))}人不能多于从业人员期末人数`, [
          cell('ai', 'E40'),
          cell('business', 'D10'),
        ]);
    }
    return findings;
  };
}
