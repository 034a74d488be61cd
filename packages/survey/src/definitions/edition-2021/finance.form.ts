import { indicator, ofWhich } from '../form-builders.ts';
import type { FormDefinition } from '../survey.types.ts';

// 软统企2表. Rows follow the NBS financial-status conventions and are kept in 千元 as NBS does
// (forms-reference.md §1.3, all [I]); rules converting to 万元 divide by 10.
export const FINANCE_FORM: FormDefinition = {
  id: 'finance',
  tableNo: '软统企2表',
  name: '企业主要财务指标表',
  periodType: 'year',
  unitNote: '计量单位: 千元',
  labelColumns: ['指标名称', '代码', '计量单位'],
  columns: [{ id: 'value', name: '本年', source: 'typed' }],
  note: '年报。按企业会计报表(法人口径)填报,金额保留整数或一位小数。',
  rows: [
    indicator('F10', '资产总计', '千元', 0, '企业拥有或控制的全部资产,即资产负债表"资产总计"期末数。', {
      isRequired: true,
    }),
    indicator('F11', '流动资产合计', '千元', 1, '资产负债表"流动资产合计"期末数。', ofWhich('F10')),
    indicator('F12', '固定资产原价', '千元', 0, '固定资产的原始价值(账面原值)期末数。'),
    indicator('F13', '累计折旧', '千元', 0, '固定资产已提折旧的累计数,期末数。'),
    indicator('F14', '本年折旧', '千元', 1, '本年计提的固定资产折旧额。', ofWhich('F13')),
    indicator('F20', '负债合计', '千元', 0, '资产负债表"负债合计"期末数。', { isRequired: true }),
    indicator('F25', '所有者权益合计', '千元', 0, '资产负债表"所有者权益合计"期末数;资不抵债时为负数。', {
      isRequired: true,
      allowsNegative: true,
    }),
    indicator('F30', '营业收入', '千元', 0, '利润表"营业收入"本年累计数。', { isRequired: true }),
    indicator('F31', '主营业务收入', '千元', 1, '企业经常性、主要业务所产生的收入,用于判定纳统条件。', {
      ...ofWhich('F30'),
      isRequired: true,
    }),
    indicator('F35', '营业成本', '千元', 0, '利润表"营业成本"本年累计数。', { isRequired: true }),
    indicator('F36', '主营业务成本', '千元', 1, '与主营业务收入相对应的成本。', ofWhich('F35')),
    indicator('F40', '税金及附加', '千元', 0, '利润表"税金及附加"本年累计数。'),
    indicator('F41', '销售费用', '千元', 0, '利润表"销售费用"本年累计数。'),
    indicator('F42', '管理费用', '千元', 0, '利润表"管理费用"本年累计数。'),
    indicator('F43', '研发费用', '千元', 0, '利润表"研发费用"本年累计数。'),
    indicator('F44', '财务费用', '千元', 0, '利润表"财务费用"本年累计数;利息收入大于利息支出时为负数。', {
      allowsNegative: true,
    }),
    indicator('F50', '营业利润', '千元', 0, '利润表"营业利润"本年累计数,亏损以负数填报。', {
      isRequired: true,
      allowsNegative: true,
    }),
    indicator('F55', '利润总额', '千元', 0, '利润表"利润总额"本年累计数,亏损以负数填报。', {
      isRequired: true,
      allowsNegative: true,
    }),
    indicator('F56', '所得税费用', '千元', 0, '利润表"所得税费用"本年累计数。', { allowsNegative: true }),
    indicator('F60', '应交增值税', '千元', 0, '本年应交增值税额。'),
    indicator('F70', '应付职工薪酬', '千元', 0, '"应付职工薪酬"科目本年贷方累计发生额。'),
  ],
};
