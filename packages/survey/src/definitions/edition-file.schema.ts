import { z } from 'zod';

// The shape of an edition file (editions/*.yaml), the one place a survey edition is defined. The JSON Schema that
// editors use to check and complete the files (editions/edition.schema.json) is generated from this one
// (`npx zhibao schema`); a test keeps the two in step. Descriptions are in Chinese: statisticians read them.

const text = z.string().min(1);
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, '只能包含字母、数字和 . _ -');

/** Items a source does not show but this project reconstructed carry `inferred: true`, as [I] in the reference. */
const inferred = z
  .boolean()
  .optional()
  .describe('为 true 时表示该项没有公开来源,是推断所得([I]),须与正式制度核对');

const formId = z
  .enum(['basic', 'finance', 'business', 'revenue-classification', 'ai', 'monthly'])
  .describe('表的标识');
const periodType = z.enum(['year', 'month']).describe('year 年报, month 月报');
const unit = z.enum(['千元', '万元', '万美元', '人', '%']).describe('计量单位');
const indicatorType = z
  .enum(['amount', 'count', 'ratio', 'text', 'code'])
  .describe('指标类型;省略时由计量单位推定(人→count, %→ratio, 其他单位→amount, 有代码表→code, 无单位→text)');
const validatorKind = z.enum(['uscc', 'organization-code', 'resident-id', 'division-code']);
const severity = z
  .enum(['error', 'warning', 'hint'])
  .describe('error 必改错误, warning 严重警告(须填写审核说明), hint 提示');

const parameter = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, '参数名只能由字母和数字组成,以字母开头'),
    value: z.number(),
    description: text,
    inferred,
  })
  .describe('本制度的参数,规则中以 $参数名 引用');

const codeList = z.strictObject({
  id,
  name: text,
  pattern: z.string().optional().describe('开放代码表:符合此正则表达式的代码都有效,条目只给出名称'),
  entries: z.array(z.strictObject({ code: text, label: text })),
  inferred,
});

const sectionRow = z
  .strictObject({ section: text.describe('标题行的文字'), level: z.int().min(0).max(4).optional() })
  .describe('没有数值的标题行,如“(一)按业务类型分列”');

const indicatorFields = {
  code: id.describe('指标代码(A61、2010 …),也是单元格的键'),
  name: text,
  unit: unit.optional().describe('计量单位;文字和代码类指标省略'),
  type: indicatorType.optional(),
  level: z.int().min(0).max(4).describe('缩进层级(0 顶格)'),
  definition: text.describe('填报说明中的指标解释'),
  formula: text.optional().describe('自动计算的公式(规则语言);有公式的指标由系统计算,不由企业填报'),
  partOf: id.optional().describe('本指标是哪一指标的分项(各分项之和等于该指标)'),
  ofWhich: id.optional().describe('本指标是哪一指标的“其中”项(不大于该指标)'),
  codeList: id.optional().describe('取值所用的代码表'),
  validator: validatorKind.optional().describe('代码的校验方法'),
  required: z.boolean().optional().describe('必填'),
  allowsNegative: z.boolean().optional().describe('可以为负数(利润等)'),
  flow: z.boolean().optional().describe('月报累计流量指标:本期累计不应小于上期累计'),
  inferred,
};

const onlyOneParent = {
  check: (row: { partOf?: string; ofWhich?: string }) =>
    row.partOf === undefined || row.ofWhich === undefined,
  message: 'partOf 与 ofWhich 只能填一个',
};

const indicatorRow = z
  .strictObject(indicatorFields)
  .refine(onlyOneParent.check, { message: onlyOneParent.message });

const column = z.strictObject({
  id,
  name: text,
  source: z.enum(['typed', 'previousPeriod', 'samePeriodLastYear', 'computed']),
  unit: unit.optional(),
});

const gridColumn = z.strictObject({
  code: id,
  name: text,
  shortName: text.describe('提示信息中使用的简称(出口1 …)'),
  unit,
  definition: text,
  inferred,
});

const gridRow = z.strictObject({
  rowNo: id.describe("行号(1、1.3 …),合计行为 'total'"),
  name: text,
  level: z.int().min(0).max(4),
  parent: id.optional().describe('上级行的行号'),
  computed: z.boolean().optional().describe('为 true 时本行各栏为下级各行之和(自动计算)'),
  columns: z.array(id).min(1).describe('本行有数值的栏(其他栏置灰)'),
  definition: text,
  inferred,
});

const form = z.strictObject({
  id: formId,
  tableNo: text.describe('表号,如 软统企1表'),
  name: text,
  periodType,
  unitNote: z.string().describe('表头下方的计量单位说明'),
  labelColumns: z.array(text).describe('数值栏之前的栏(指标名称、代码、计量单位 …)'),
  columns: z.array(column).optional().describe('指标表的数值栏;网格表省略'),
  rows: z
    .array(z.union([sectionRow, indicatorRow]))
    .optional()
    .describe('指标表的行,按表式顺序'),
  grid: z
    .strictObject({ columns: z.array(gridColumn).min(1), rows: z.array(gridRow).min(1) })
    .optional()
    .describe('网格表(软件业务收入分类表)的栏和行'),
  applicableWhen: text.optional().describe('填报本表的条件(规则语言)'),
  note: text.describe('谁填报、如何填报'),
  inferred,
});

const cellSelector = z.union([
  z.strictObject({
    cells: z.enum([
      'nonNegative',
      'numeric',
      'required',
      'flow',
      'codeList',
      'ofWhichParents',
      'typedTotals',
    ]),
  }),
  z.strictObject({ keys: z.array(text).min(1) }),
  z.strictObject({ rowsUnder: z.array(text).min(1) }),
]);

const rule = z
  .strictObject({
    id: id.describe('规则编号;E 开头为错误,W 为警告,H 为提示'),
    severity,
    periodType,
    form: formId.describe('公式中不带表名的单元格引用所在的表'),
    title: text,
    forEach: cellSelector.optional().describe('逐项或逐行套用本规则;公式中的 @ 代表每一项或每一行'),
    when: text.optional().describe('适用条件(规则语言)'),
    formula: text.describe('审核公式(规则语言):公式不成立时规则触发'),
    tolerance: z.number().min(0).optional().describe('本规则比较时容许的误差,缺省为参数 $tolerance'),
    message: text.describe('触发时的提示;{表达式} 填入计算结果,{@key}{@name}{@group}{@table} 填入行或单元格'),
    meaning: text.describe('规则的含义(规则清单和填报说明中显示)'),
    basis: text.describe('规则的依据'),
    inferred,
  })
  .describe('一条审核规则');

const scopeThresholdsId = z.string().describe('纳统条件(门槛)的标识,见 scope-thresholds.ts');

const coverage = z.strictObject({ from: z.int(), to: z.int() });

const header = {
  id: id.describe('制度版本标识,如 2021'),
  name: text,
  approvalNo: text.describe('批准文号'),
  authority: text.describe('制定机关'),
  approvedBy: text.describe('批准机关'),
  coverage: z
    .strictObject({ year: coverage, month: coverage })
    .describe('本制度适用的报告年份:年报(year)和定期报表(month)'),
  aliases: z.array(text).describe('尚未录入自身制度、暂用本制度的年份'),
  scopeThresholds: scopeThresholdsId,
  source: text.optional().describe('本制度文本的出处'),
  inferredFields: z
    .array(text)
    .optional()
    .describe('本制度头部中没有公开来源、推断所得的字段(如 approvalNo、coverage.year.to)'),
};

const cellRef = z
  .string()
  .regex(
    /^(basic|finance|business|revenue-classification|ai|monthly)\.[A-Za-z0-9]+$/,
    '应写作“表.指标代码”,如 monthly.2010',
  )
  .describe('一个指标:表的标识.指标代码,如 monthly.2010');

const keyIndicators = z
  .strictObject({ month: z.array(cellRef), year: z.array(cellRef) })
  .describe('重点指标:离群值检验、选择性审核和无回答推算所用的指标,按定期报表(month)和年报(year)');

const formChange = z
  .strictObject({
    form: formId,
    name: text.optional(),
    tableNo: text.optional(),
    unitNote: z.string().optional(),
    applicableWhen: text.optional(),
    note: text.optional(),
    inferred,
    rows: z
      .array(
        z
          .strictObject({ ...indicatorFields, after: id.optional().describe('新增的指标排在哪一指标之后') })
          .refine(onlyOneParent.check, { message: onlyOneParent.message }),
      )
      .optional()
      .describe('替换(按 code 对应)或新增的指标行'),
  })
  .describe('对前一版某张表的修改:改写的表头字段,以及替换或新增的指标行');

/** A complete edition: every form and rule written out. */
export const fullEditionFileSchema = z.strictObject({
  ...header,
  keyIndicators,
  parameters: z.array(parameter),
  codeLists: z.array(codeList),
  forms: z.array(form).min(1),
  rules: z.array(rule),
});

/** An edition written as changes to an earlier one: what it replaces, adds and removes. */
export const derivedEditionFileSchema = z.strictObject({
  ...header,
  basedOn: id.describe('所依据的前一版制度'),
  changes: z.strictObject({
    keyIndicators: keyIndicators.optional().describe('改定的重点指标(整体替换)'),
    parameters: z.array(parameter).optional().describe('改值或新增的参数(按 name 对应)'),
    codeLists: z.array(codeList).optional().describe('替换或新增的代码表(按 id 对应)'),
    forms: z.array(form).optional().describe('替换或新增的整张表(按 id 对应)'),
    formChanges: z.array(formChange).optional().describe('对前一版表的局部修改'),
    rules: z.array(rule).optional().describe('替换或新增的规则(按 id 对应)'),
    removeRules: z.array(id).optional().describe('删去的规则编号'),
  }),
});

/** One edition file: complete, or derived from an earlier edition. */
export const editionFileSchema = z.union([fullEditionFileSchema, derivedEditionFileSchema]);

export type FullEditionFile = z.infer<typeof fullEditionFileSchema>;
export type DerivedEditionFile = z.infer<typeof derivedEditionFileSchema>;
export type EditionFile = z.infer<typeof editionFileSchema>;
export type IndicatorRowFile = z.infer<typeof indicatorRow>;
export type FormFile = z.infer<typeof form>;
export type RuleFile = z.infer<typeof rule>;
export type FormChangeFile = z.infer<typeof formChange>;
