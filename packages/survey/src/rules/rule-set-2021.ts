import { BUSINESS_FORM } from '../definitions/edition-2021/business.form.ts';
import { REVENUE_CLASSIFICATION_FORM } from '../definitions/edition-2021/revenue-classification.form.ts';
import { listCells } from '../definitions/form-cells.ts';
import type { RuleDefinition } from '../definitions/survey.types.ts';

// Audit rules of edition 2021 (国统制〔2021〕136号). The five W-MAN rules are the serious warnings of the
// ministry's manual (forms-reference.md §A) and keep its wording; the others follow §2 of the reference
// (E-xx / W-xx there) or are design decisions, as each rule's `basis` says.

const MANUAL = '企业用户操作手册“填写审核说明”中的严重警告 [U]';

const manualWarnings: RuleDefinition[] = [
  {
    id: 'W-MAN-01',
    severity: 'warning',
    periodType: 'year',
    form: 'revenue-classification',
    title: '分类表逐行出口与出口1、出口2',
    forEach: { rowsUnder: ['1', '2', '3'] },
    formula: '[@:export] <= [@:export1] + [@:export2]',
    message:
      '第{@group}行{@key}{@name}:本年出口>出口1+出口2(本年出口={[@:export]},出口1={[@:export1]},出口2={[@:export2]},单位: 万美元)',
    meaning:
      '软件业务收入分类表中软件产品、信息技术服务、信息安全各行的本年出口不应大于该行出口1(软件外包服务出口)与出口2(其它软件业务出口)之和;大于时出口分列不完整。',
    basis: MANUAL,
  },
  {
    id: 'W-MAN-02',
    severity: 'warning',
    periodType: 'year',
    form: 'revenue-classification',
    title: '分类表出口合计与A61+A63',
    formula: '[1:export] + [2:export] + [3:export] = [business!A61] + [business!A63]',
    message:
      '软件业务收入分类表中的软件产品、信息技术服务、信息安全各行业中的产品出口合计值=A61(软件外包服务出口)+A63(其它软件业务出口)(分类表出口合计={[1:export] + [2:export] + [3:export]},A61+A63={[business!A61] + [business!A63]},单位: 万美元)',
    meaning:
      '分类表中软件产品、信息技术服务、信息安全三大类的本年出口之和应等于企业主要业务指标表的A61与A63之和(嵌入式系统软件出口另与A62核对)。',
    basis: MANUAL,
  },
  {
    id: 'W-MAN-03',
    severity: 'warning',
    periodType: 'year',
    form: 'finance',
    title: '软件业务利润率偏离全国平均值',
    when: '[business!A10] > 0',
    formula:
      'ABS([F55] / 10 / [business!A10] * 100 - $nationalAverageProfitRate) <= $nationalAverageProfitRate * $profitRateDeviation / 100',
    message:
      '软件业务利润率(主要财务指标表中的利润总额/软件业务收入合计*100)为{[F55] / 10 / [business!A10] * 100}%,偏离全国平均值{$nationalAverageProfitRate}%正负{$profitRateDeviation}%,请确认',
    meaning:
      '软件业务利润率=利润总额(千元,折合万元)/软件业务收入合计×100,应在全国平均值±平均值×200%的范围内(15.8%时为-15.8%至47.4%);全国平均值为本制度的参数。',
    basis: MANUAL,
  },
  {
    id: 'W-MAN-04',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: '软件业务收入占主营业务收入比重(纳统条件)',
    when: '[finance!F31] > 0',
    formula: '[A10] * 100 >= $softwareShareMin * [finance!F31] / 10',
    message:
      '软件业务收入合计与主营业务收入的比值大于等于{$softwareShareMin}%的企业才能纳统(软件业务收入合计{[A10]}万元,主营业务收入{[finance!F31] / 10}万元,比值{[A10] / ([finance!F31] / 10) * 100}%)',
    meaning: '软件业务收入合计/主营业务收入应不低于30%,否则不符合纳统条件。',
    basis: MANUAL,
  },
  {
    id: 'W-MAN-05',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: 'D15与D16至少填一项',
    formula: 'NOTBLANK([D15]) OR NOTBLANK([D16])',
    message: 'D15(硕士及以上)与D16(大专及大本)至少一项不能为空',
    meaning: '从业人员按学历分组中,硕士及以上(D15)与大专及大本(D16)不能同时为空。',
    basis: MANUAL,
  },
];

/** Rules instantiated for every cell of a kind, on the annual forms or on the monthly form. */
function cellRules(periodType: 'year' | 'month'): RuleDefinition[] {
  const prefix = periodType === 'year' ? 'E' : 'E-MON';
  const form = periodType === 'year' ? 'business' : 'monthly';
  return [
    {
      id: `${prefix}-REQ`,
      severity: 'error',
      periodType,
      form,
      title: '必填项',
      forEach: { cells: 'required' },
      formula: 'NOTBLANK([@])',
      message: '{@table}: {@name}({@key})为必填项',
      meaning: '标为必填的指标不能为空;没有发生额的填0。',
      basis: 'forms-reference §2.2 E-04 [I]',
    },
    {
      id: `${prefix}-NEG`,
      severity: 'error',
      periodType,
      form,
      title: '非负',
      forEach: { cells: 'nonNegative' },
      formula: '[@] >= 0',
      tolerance: 0,
      message: '{@table}: {@name}({@key})不能为负数,当前为{[@]}',
      meaning: '金额和人数不能为负;利润、所有者权益、财务费用、所得税费用和订单同比增长除外。',
      basis: 'forms-reference §2.2 E-05 [I]',
    },
    {
      id: `${prefix}-RANGE`,
      severity: 'error',
      periodType,
      form,
      title: '数值在合理范围内',
      forEach: { cells: 'numeric' },
      formula: 'PLAUSIBLE([@])',
      message: '{@table}: {@name}({@key}){WHYIMPLAUSIBLE([@])}',
      meaning:
        '每个数值应为有限的数字,且不超出其计量单位的合理范围:万元绝对值不超过10亿万元、最多两位小数;千元不超过1万亿千元、最多一位小数;万美元不超过1亿万美元、最多两位小数;人数为不超过1000万的整数;百分比绝对值不超过10000%、最多两位小数。',
      basis: '设计决定: 1e308之类的离谱数值不能通过审核、使汇总溢出 [I]',
    },
    {
      id: `${prefix}-CODE`,
      severity: 'error',
      periodType,
      form,
      title: '代码有效',
      forEach: { cells: 'codeList' },
      formula: 'INLIST([@])',
      message: '{@table}: {@name}({@key})“{[@]}”不是有效代码',
      meaning: '代码类指标应取自其代码表(行业代码为4位数字)。',
      basis: 'forms-reference §4 [K]',
    },
    {
      id: `${prefix}-PART`,
      severity: 'error',
      periodType,
      form,
      title: '其中项不大于总项',
      forEach: { cells: 'ofWhichParents' },
      formula: 'SUM(OFWHICH([@])) <= [@]',
      message: '{@table}: {@name}({@key})的其中项之和{SUM(OFWHICH([@]))}大于{@name}{[@]}',
      meaning: '各“其中”项之和不能大于其所属的总项。',
      basis: 'forms-reference §2.2 E-07 [I]',
    },
  ];
}

const annualStructure: RuleDefinition[] = [
  ...cellRules('year'),
  {
    id: 'E-SUM',
    severity: 'error',
    periodType: 'year',
    form: 'business',
    title: '合计等于分项之和',
    forEach: { cells: 'typedTotals' },
    formula: '[@] = SUM(PARTS([@]))',
    message: '{@table}: {@name}({@key}){[@]}不等于其分项之和{SUM(PARTS([@]))}',
    meaning: '由企业填报的合计数应等于其各分项之和(自动计算的合计由系统生成,不需填报)。',
    basis: 'forms-reference §2.2 E-06 [I]',
  },
];

const basicRules: RuleDefinition[] = [
  {
    id: 'E-BAS-01',
    severity: 'error',
    periodType: 'year',
    form: 'basic',
    title: '统一社会信用代码校验',
    formula: "VALID([B01], 'uscc')",
    message: "统一社会信用代码“{[B01]}”有误: {WHYINVALID([B01], 'uscc')}",
    meaning:
      '统一社会信用代码应符合GB 32100-2015:字符集、登记管理部门与机构类别、区划码、主体标识码和第18位校验码。',
    basis: 'forms-reference §2.2 E-01, §4.1 [S C1]',
  },
  {
    id: 'E-BAS-02',
    severity: 'error',
    periodType: 'year',
    form: 'basic',
    title: '组织机构代码校验',
    formula: "VALID([B02], 'organization-code')",
    message: "组织机构代码“{[B02]}”有误: {WHYINVALID([B02], 'organization-code')}",
    meaning: '组织机构代码应符合GB 11714的校验规则。',
    basis: 'forms-reference §2.2 E-02 [S C1]',
  },
  {
    id: 'E-BAS-03',
    severity: 'error',
    periodType: 'year',
    form: 'basic',
    title: '组织机构代码与统一社会信用代码一致',
    when: "NOTBLANK([B01]) AND NOTBLANK([B02]) AND VALID([B01], 'uscc')",
    formula: 'MID([B01], 9, 9) = [B02]',
    message: '组织机构代码“{[B02]}”应与统一社会信用代码第9至17位“{MID([B01], 9, 9)}”一致',
    meaning: '组织机构代码即统一社会信用代码的第9至17位。',
    basis: 'forms-reference §1.1 [S]',
  },
  {
    id: 'E-BAS-04',
    severity: 'error',
    periodType: 'year',
    form: 'basic',
    title: '行政区划代码格式',
    formula: "VALID([B05], 'division-code')",
    message: "行政区划代码“{[B05]}”有误: {WHYINVALID([B05], 'division-code')}",
    meaning: '行政区划代码应为6位数字,前两位为有效的省级代码。',
    basis: 'forms-reference §2.2 E-03, §4.2 [K]',
  },
  {
    id: 'H-BAS-01',
    severity: 'hint',
    periodType: 'year',
    form: 'basic',
    title: '登记机关省份与所在地省份',
    when: "NOTBLANK([B01]) AND NOTBLANK([B05]) AND VALID([B01], 'uscc')",
    formula: 'MID([B01], 3, 2) = MID([B05], 1, 2)',
    message:
      '统一社会信用代码中登记管理机关所在省级代码({MID([B01], 3, 2)})与单位所在地行政区划代码的省级代码({MID([B05], 1, 2)})不同,请确认单位所在地',
    meaning: '在地统计:企业一般在其登记地所在省份填报,两者不同时请核实。',
    basis: 'forms-reference §3.1 在地统计 [I]',
  },
  {
    id: 'H-BAS-02',
    severity: 'hint',
    periodType: 'year',
    form: 'basic',
    title: '行业代码属于64或65大类',
    when: 'NOTBLANK([B09])',
    formula: "MID([B09], 1, 2) = '65' OR MID([B09], 1, 2) = '64'",
    message: '行业代码{[B09]}不属于软件和信息技术服务业(65)或互联网和相关服务(64),请确认主要业务活动',
    meaning: '纳统企业的行业代码通常为65或64大类;其他行业的企业须软件业务收入占比达标。',
    basis: 'forms-reference §2.3 W-10 [I]',
  },
];

const financeRules: RuleDefinition[] = [
  {
    id: 'E-FIN-01',
    severity: 'error',
    periodType: 'year',
    form: 'finance',
    title: '资产=负债+所有者权益',
    formula: '[F10] = [F20] + [F25]',
    message: '资产总计{[F10]}千元应等于负债合计{[F20]}千元与所有者权益合计{[F25]}千元之和{[F20] + [F25]}千元',
    meaning: '会计恒等式:资产总计=负债合计+所有者权益合计。',
    basis: '会计恒等式 [K]',
  },
  {
    id: 'E-FIN-02',
    severity: 'error',
    periodType: 'year',
    form: 'finance',
    title: '累计折旧不大于固定资产原价',
    formula: '[F13] <= [F12]',
    message: '累计折旧{[F13]}千元不能大于固定资产原价{[F12]}千元',
    meaning: '固定资产的累计折旧不会超过其原价。',
    basis: '会计核算 [K]',
  },
];

const businessRules: RuleDefinition[] = [
  {
    id: 'E-BUS-01',
    severity: 'error',
    periodType: 'year',
    form: 'business',
    title: '软件外包服务收入不大于软件业务收入',
    formula: '[A50] <= [A10]',
    message: '软件外包服务收入{[A50]}万元不能大于软件业务收入合计{[A10]}万元',
    meaning: '按服务模式分列的软件外包服务收入是软件业务收入的一部分。',
    basis: 'forms-reference §1.4 [I]',
  },
  {
    id: 'E-BUS-02',
    severity: 'error',
    periodType: 'year',
    form: 'business',
    title: '软件业务收入不大于主营业务收入',
    when: 'NOTBLANK([finance!F31])',
    formula: '[A10] <= [finance!F31] / 10',
    message:
      '软件业务收入合计{[A10]}万元不能大于主营业务收入{[finance!F31] / 10}万元(财务指标表{[finance!F31]}千元)',
    meaning: '软件业务收入合计≤主营业务收入(财务指标表以千元填报,折合万元比较)。',
    basis: 'forms-reference §2.2 E-10 [I]',
  },
  {
    id: 'E-BUS-03',
    severity: 'error',
    periodType: 'year',
    form: 'business',
    title: '无嵌入式业务时嵌入式收入和出口为0',
    when: "[basic!B13] = '2'",
    formula: '[A14] = 0 AND [A62] = 0',
    message: '企业基本情况表填报无嵌入式系统软件业务,嵌入式系统软件收入(A14={[A14]})和出口(A62={[A62]})应为0',
    meaning: '“是否有嵌入式系统软件业务”为否时,嵌入式系统软件收入和出口都应为0。',
    basis: 'forms-reference §2.2 E-09 [I]',
  },
  {
    id: 'W-BUS-01',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: '研发经费占软件业务收入比重',
    when: '[A10] > 0',
    formula: '[C10] * 100 <= $rdIntensityMax * [A10]',
    message: '研发经费{[C10]}万元超过软件业务收入合计{[A10]}万元的{$rdIntensityMax}%,请确认',
    meaning: '研发经费一般不超过软件业务收入(全国研发投入强度约10%)。',
    basis: 'forms-reference §2.3 W-07 [I]',
  },
  {
    id: 'W-BUS-02',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: '软件业务出口不大于软件业务收入',
    formula: '[A60] * $usdCnyRateCeiling <= [A10]',
    message:
      '软件业务出口{[A60]}万美元(按1美元={$usdCnyRateCeiling}元折合{[A60] * $usdCnyRateCeiling}万元)超过软件业务收入合计{[A10]}万元,请确认',
    meaning: '出口是软件业务收入的一部分,折合人民币后不应超过软件业务收入合计。',
    basis: 'forms-reference §2.3 W-08 [I]',
  },
  {
    id: 'W-BUS-03',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: '有收入时从业人员平均人数不为0',
    when: '[A10] > 0',
    formula: '[D20] > 0',
    message: '有软件业务收入({[A10]}万元)但从业人员平均人数为0,请确认',
    meaning: '有软件业务收入的企业应有从业人员。',
    basis: 'forms-reference §2.3 W-11 [I]',
  },
  {
    id: 'H-BUS-01',
    severity: 'hint',
    periodType: 'year',
    form: 'business',
    title: '人均工资不低于最低工资标准',
    when: '[D20] > 0',
    formula: '[D30] >= $annualWageMinPerPerson * [D20]',
    message:
      '人均工资{[D30] / [D20]}万元低于{$annualWageMinPerPerson}万元(按最低工资标准折算),请确认从业人员工资总额和平均人数',
    meaning: '从业人员工资总额/从业人员平均人数不应低于按最低工资标准折算的全年工资。',
    basis: 'forms-reference §2.3 W-06 [I]',
  },
  {
    id: 'W-SCOPE-01',
    severity: 'warning',
    periodType: 'year',
    form: 'business',
    title: '主营业务收入纳统门槛',
    when: 'NOTBLANK([finance!F31])',
    formula:
      '[finance!F31] / 10 >= $scopeMainRevenueMin OR ([finance!F31] / 10 >= $scopeSpecialRevenueMin AND ([A125] * 100 >= $icDesignShareMin * [finance!F31] / 10 OR ([A111] + [A112] + [A13] + [A122] + [A123]) * 100 >= $specialActivityShareMin * [A10]))',
    message:
      '主营业务收入{[finance!F31] / 10}万元未达到纳统标准:一般企业不低于{$scopeMainRevenueMin}万元;集成电路设计企业及主要从事基础软件、工业软件、信息安全、工业互联网平台或数据服务的企业不低于{$scopeSpecialRevenueMin}万元',
    meaning:
      '纳统条件(2021年制度):主营业务收入≥2000万元;或集成电路设计收入占主营业务收入≥60%、或基础软件/工业软件/信息安全/工业互联网平台/数据服务收入占软件业务收入过半,且主营业务收入≥500万元。',
    basis: 'forms-reference §3.1 [S P6/P7]',
  },
];

const revenueClassificationRules: RuleDefinition[] = [
  {
    id: 'E-REV-01',
    severity: 'error',
    periodType: 'year',
    form: 'revenue-classification',
    title: '分类表逐行出口1+出口2不大于本年出口',
    forEach: { rowsUnder: ['1', '2', '3'] },
    formula: '[@:export1] + [@:export2] <= [@:export]',
    message:
      '第{@group}行{@key}{@name}:出口1+出口2>本年出口(出口1={[@:export1]},出口2={[@:export2]},本年出口={[@:export]},单位: 万美元)',
    meaning: '出口1、出口2是本年出口的其中项,两者之和不能大于本年出口。',
    basis: 'forms-reference §2.2 E-08 [I]',
  },
  {
    id: 'H-REV-01',
    severity: 'hint',
    periodType: 'year',
    form: 'revenue-classification',
    title: '分类表逐行出口不大于收入',
    forEach: { rowsUnder: ['1', '2', '3', '4'] },
    when: '[@:export] > 0',
    formula: '[@:export] * $usdCnyRateCeiling <= [@:income]',
    message:
      '第{@group}行{@key}{@name}:本年出口{[@:export]}万美元折合{[@:export] * $usdCnyRateCeiling}万元,大于本年收入{[@:income]}万元,请确认',
    meaning: '某类业务的出口是该类收入的一部分,折合人民币后不应超过该类本年收入。',
    basis: 'forms-reference §2.3 W-08 [I]',
  },
];

/** Which business-table row reconciles with which classification row (forms-reference §2.2 E-14). */
const RECONCILED_INCOME: ReadonlyArray<[code: string, rowNo: string]> = [
  ['A11', '1'],
  ['A12', '2'],
  ['A13', '3'],
  ['A14', '4'],
  ['A111', '1.1'],
  ['A112', '1.4'],
  ['A121', '2.5'],
  ['A122', '2.6'],
  ['A123', '2.7'],
  ['A124', '2.8'],
  ['A125', '2.10'],
  ['A131', '3.3'],
];

function indicatorName(code: string): string {
  return listCells(BUSINESS_FORM).find((cell) => cell.key === code)!.name;
}

function classificationRowName(rowNo: string): string {
  return REVENUE_CLASSIFICATION_FORM.grid!.rows.find((row) => row.rowNo === rowNo)!.name;
}

const crossTableRules: RuleDefinition[] = [
  ...RECONCILED_INCOME.map(([code, rowNo], i): RuleDefinition => {
    const name = indicatorName(code);
    const rowName = classificationRowName(rowNo);
    return {
      id: `E-XT-${String(i + 1).padStart(2, '0')}`,
      severity: 'error',
      periodType: 'year',
      form: 'business',
      title: `${code}与分类表第${rowNo}行收入一致`,
      formula: `[${code}] = [revenue-classification!${rowNo}:income]`,
      message: `${name}(${code}){[${code}]}万元与软件业务收入分类表${rowNo}${rowName}本年收入{[revenue-classification!${rowNo}:income]}万元不一致`,
      meaning: `企业主要业务指标表的${name}(${code})应等于软件业务收入分类表${rowNo}${rowName}的本年收入。`,
      basis: 'forms-reference §2.2 E-14 [I]; 重庆通知“五张表之间存在相应的勾稽关系” [S]',
    };
  }),
  {
    id: `E-XT-${RECONCILED_INCOME.length + 1}`,
    severity: 'error',
    periodType: 'year',
    form: 'business',
    title: 'A62与分类表嵌入式系统软件出口一致',
    formula: '[A62] = [revenue-classification!4:export]',
    message:
      '嵌入式系统软件出口(A62){[A62]}万美元与软件业务收入分类表4嵌入式系统软件本年出口{[revenue-classification!4:export]}万美元不一致',
    meaning: '企业主要业务指标表的嵌入式系统软件出口(A62)应等于分类表嵌入式系统软件类的本年出口。',
    basis: 'forms-reference §2.2 E-14 [I]',
  },
];

const aiRules: RuleDefinition[] = [
  {
    id: 'E-AI-01',
    severity: 'error',
    periodType: 'year',
    form: 'ai',
    title: '人工智能业务收入不大于营业收入',
    formula: '[E10] <= [finance!F30] / 10',
    message: '人工智能业务收入合计{[E10]}万元不能大于营业收入{[finance!F30] / 10}万元',
    meaning: '人工智能业务收入是营业收入的一部分。',
    basis: 'forms-reference §2.2 E-15 [I]',
  },
  {
    id: 'E-AI-02',
    severity: 'error',
    periodType: 'year',
    form: 'ai',
    title: '人工智能从业人员不多于从业人员',
    formula: '[E40] <= [business!D10]',
    message: '人工智能从业人员{[E40]}人不能多于从业人员期末人数{[business!D10]}人',
    meaning: '人工智能从业人员是企业从业人员的一部分。',
    basis: 'forms-reference §1.6 [I]',
  },
];

const monthlyRules: RuleDefinition[] = [
  ...cellRules('month'),
  {
    id: 'E-MON-CUM',
    severity: 'error',
    periodType: 'month',
    form: 'monthly',
    title: '累计数不减少',
    forEach: { cells: 'flow' },
    when: 'NOTBLANK(PREV([@]))',
    formula: '[@] >= PREV([@])',
    message: '{@name}({@key})本年本期累计{[@]}小于本年上期累计{PREV([@])},累计数不应减少',
    meaning: '月报为本年累计数,收入、成本、费用、工资、研发经费和出口等流量指标本期累计不应小于上期累计。',
    basis: 'forms-reference §2.2 E-11 [I]; 月报为累计数 [S P10]',
  },
  {
    id: 'E-MON-01',
    severity: 'error',
    periodType: 'month',
    form: 'monthly',
    title: '软件业务收入不大于主营业务收入',
    when: 'NOTBLANK([2010])',
    formula: '[2020] <= [2010]',
    message: '软件业务收入合计{[2020]}万元不能大于主营业务收入{[2010]}万元',
    meaning: '软件业务收入合计≤主营业务收入。',
    basis: 'forms-reference §2.2 E-10 [I]',
  },
  {
    id: 'E-MON-02',
    severity: 'error',
    periodType: 'month',
    form: 'monthly',
    title: '无嵌入式业务时嵌入式产品收入和出口为0',
    when: "[2001] = '2'",
    formula: '[20241] = 0 AND [20421] = 0',
    message:
      '未填报嵌入式系统软件业务,应用嵌入式系统软件的产品销售收入(20241={[20241]})和出口额(20421={[20421]})应为0',
    meaning: '“是否有嵌入式系统软件业务”为否时,嵌入式系统软件的计算基数应为0。',
    basis: 'forms-reference §2.2 E-09 [I]',
  },
  {
    id: 'W-MON-01',
    severity: 'warning',
    periodType: 'month',
    form: 'monthly',
    title: '研发经费占软件业务收入比重',
    when: '[2020] > 0',
    formula: '[2110] * 100 <= $rdIntensityMax * [2020]',
    message: '研发经费{[2110]}万元超过软件业务收入合计{[2020]}万元的{$rdIntensityMax}%,请确认',
    meaning: '研发经费一般不超过软件业务收入。',
    basis: 'forms-reference §2.3 W-07 [I]',
  },
  {
    id: 'W-MON-02',
    severity: 'warning',
    periodType: 'month',
    form: 'monthly',
    title: '软件业务出口不大于软件业务收入',
    formula: '[2040] * $usdCnyRateCeiling <= [2020]',
    message:
      '软件业务出口{[2040]}万美元(按1美元={$usdCnyRateCeiling}元折合{[2040] * $usdCnyRateCeiling}万元)超过软件业务收入合计{[2020]}万元,请确认',
    meaning: '出口折合人民币后不应超过软件业务收入合计。',
    basis: 'forms-reference §2.3 W-08 [I]',
  },
  {
    id: 'W-MON-03',
    severity: 'warning',
    periodType: 'month',
    form: 'monthly',
    title: '有收入时平均用工人数不为0',
    when: '[2020] > 0',
    formula: '[2112] > 0',
    message: '有软件业务收入({[2020]}万元)但平均用工人数为0,请确认',
    meaning: '有软件业务收入的企业应有用工。',
    basis: 'forms-reference §2.3 W-11 [I]',
  },
  {
    id: 'H-MON-01',
    severity: 'hint',
    periodType: 'month',
    form: 'monthly',
    title: '同比增速异常',
    forEach: { keys: ['2010', '2020'] },
    when: 'LASTYEAR([@]) > 0',
    formula: 'ABS([@] - LASTYEAR([@])) * 100 <= $yoyGrowthMax * LASTYEAR([@])',
    message:
      '{@name}本年本期累计{[@]}万元,同比增长{([@] / LASTYEAR([@]) - 1) * 100}%,超过±{$yoyGrowthMax}%,请核实',
    meaning: '主营业务收入和软件业务收入的同比增速超过±50%时请核实。',
    basis: 'forms-reference §2.3 W-05 [I]',
  },
  {
    id: 'H-MON-02',
    severity: 'hint',
    periodType: 'month',
    form: 'monthly',
    title: '软件业务收入占比',
    when: '[2010] > 0',
    formula: '[2020] * 100 >= $softwareShareMin * [2010]',
    message:
      '软件业务收入合计占主营业务收入的比重为{[2020] / [2010] * 100}%,低于{$softwareShareMin}%,请确认是否仍符合纳统条件',
    meaning: '月报企业的软件业务收入占比低于30%时,年报可能不再纳统。',
    basis: 'forms-reference §3.1 [S P6/P7]',
  },
  {
    id: 'H-MON-03',
    severity: 'hint',
    periodType: 'month',
    form: 'monthly',
    title: '软件业务利润率偏离全国平均值',
    when: '[2020] > 0',
    formula:
      'ABS([2090] / [2020] * 100 - $nationalAverageProfitRate) <= $nationalAverageProfitRate * $profitRateDeviation / 100',
    message:
      '软件业务利润率(利润总额/软件业务收入合计*100)为{[2090] / [2020] * 100}%,偏离全国平均值{$nationalAverageProfitRate}%正负{$profitRateDeviation}%,请确认',
    meaning: '与年报的严重警告W-MAN-03同一口径,月报中仅作提示。',
    basis: 'forms-reference §A 第3条 [U], 用于月报 [I]',
  },
];

/** All audit rules of edition 2021, annual and monthly. */
export const RULES_2021: RuleDefinition[] = [
  ...manualWarnings,
  ...annualStructure,
  ...basicRules,
  ...financeRules,
  ...businessRules,
  ...revenueClassificationRules,
  ...crossTableRules,
  ...aiRules,
  ...monthlyRules,
];
