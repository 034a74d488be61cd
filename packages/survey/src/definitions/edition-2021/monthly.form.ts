import { indicator, ofWhich, partOf, section } from '../form-builders.ts';
import type { FormDefinition } from '../survey.types.ts';

// 软统企6表, the monthly form of 国统制〔2021〕136号: codes, names and units as in forms-reference.md §1.7
// [S G1/G2]. Added by this project [I]: the flag 2001, the export total 2040 (missing from the mock-up)
// and the input 20241 from which 2024 is computed, like 2042 from 20421. Values are year-to-date.

const flow = { isFlow: true } as const;
const requiredFlow = { isFlow: true, isRequired: true } as const;

export const MONTHLY_FORM: FormDefinition = {
  id: 'monthly',
  tableNo: '软统企6表',
  name: '软件和信息技术服务业企业月报表',
  periodType: 'month',
  unitNote: '计量单位: 万元、万美元、人',
  labelColumns: ['指标名称', '代码', '计量单位'],
  columns: [
    { id: 'current', name: '本年本期累计', source: 'typed' },
    { id: 'samePeriodLastYear', name: '去年同期累计', source: 'samePeriodLastYear' },
    { id: 'previousPeriod', name: '本年上期累计', source: 'previousPeriod' },
    { id: 'yearOnYear', name: '同比(%)', source: 'computed', unit: '%' },
    { id: 'periodOnPeriod', name: '环比(%)', source: 'computed', unit: '%' },
  ],
  note: '月报。重点联系企业每月15日前填报本年1月1日至上月末的累计数。',
  rows: [
    indicator('2001', '是否有嵌入式系统软件业务', null, 0, '有嵌入式系统软件收入或出口的企业选"是"。', {
      codeList: 'yes-no',
      isRequired: true,
    }),
    indicator('2010', '主营业务收入', '万元', 0, '企业经常性、主要业务所产生的收入,本年累计。', requiredFlow),
    indicator(
      '2020',
      '软件业务收入合计',
      '万元',
      0,
      '软件产品、信息技术服务、信息安全和嵌入式系统软件收入之和(自动计算)。',
      { formula: '[2021] + [2022] + [2023] + [2024]' },
    ),
    section('(一)按业务类型分列', 1),
    indicator('2021', '1.软件产品收入', '万元', 1, '销售软件产品取得的收入。', {
      ...partOf('2020'),
      ...requiredFlow,
    }),
    indicator('20211', '其中: 基础软件收入', '万元', 2, '操作系统、数据库、中间件等收入。', {
      ...ofWhich('2021'),
      ...flow,
    }),
    indicator('20212', '工业软件收入', '万元', 2, '工业软件产品收入。', { ...ofWhich('2021'), ...flow }),
    indicator('2022', '2.信息技术服务收入', '万元', 1, '提供信息技术服务取得的收入。', {
      ...partOf('2020'),
      ...requiredFlow,
    }),
    indicator('20221', '其中: 云服务收入', '万元', 2, '以云计算方式提供服务的收入。', {
      ...ofWhich('2022'),
      ...flow,
    }),
    indicator('20222', '大数据服务收入', '万元', 2, '大数据服务收入。', { ...ofWhich('2022'), ...flow }),
    indicator('20223', '工业互联网平台服务收入', '万元', 2, '工业互联网平台服务收入。', {
      ...ofWhich('2022'),
      ...flow,
    }),
    indicator('20224', '电子商务平台技术服务收入', '万元', 2, '电子商务平台技术服务收入。', {
      ...ofWhich('2022'),
      ...flow,
    }),
    indicator('20225', '集成电路设计收入', '万元', 2, '集成电路设计及测试收入。', {
      ...ofWhich('2022'),
      ...flow,
    }),
    indicator('2023', '3.信息安全收入', '万元', 1, '信息安全产品和服务收入。', {
      ...partOf('2020'),
      ...requiredFlow,
    }),
    indicator('20231', '其中: 工控安全收入', '万元', 2, '工业控制系统安全产品和服务收入。', {
      ...ofWhich('2023'),
      ...flow,
    }),
    indicator(
      '2024',
      '*4.嵌入式系统软件收入',
      '万元',
      1,
      '应用嵌入式系统软件的产品销售收入乘以权数(自动计算)。',
      {
        ...partOf('2020'),
        formula: 'ROUND([20241] * $embeddedSoftwareWeight, 2)',
      },
    ),
    indicator(
      '20241',
      '*应用嵌入式系统软件的产品销售收入',
      '万元',
      2,
      '含嵌入式系统软件的硬件产品的销售收入。',
      flow,
    ),
    section('(二)按出口方式分列', 1),
    indicator(
      '2040',
      '软件业务出口',
      '万美元',
      1,
      '软件外包服务、嵌入式系统软件和其他软件业务出口之和(自动计算)。',
      {
        formula: '[2041] + [2042] + [2043]',
      },
    ),
    indicator(
      '2041',
      '其中: 1.软件外包服务出口',
      '万美元',
      2,
      '承接境外发包方委托的软件和信息技术服务收入。',
      {
        ...partOf('2040'),
        ...requiredFlow,
      },
    ),
    indicator(
      '20421',
      '*2.应用嵌入式系统软件的产品出口额',
      '万美元',
      2,
      '含嵌入式系统软件的硬件产品的出口额。',
      flow,
    ),
    indicator(
      '2042',
      '2-1 嵌入式系统软件出口',
      '万美元',
      2,
      '应用嵌入式系统软件的产品出口额乘以权数(自动计算)。',
      {
        ...partOf('2040'),
        formula: 'ROUND([20421] * $embeddedSoftwareWeight, 2)',
      },
    ),
    indicator('2043', '3.其他软件业务出口', '万美元', 2, '除外包服务和嵌入式系统软件以外的软件业务出口。', {
      ...partOf('2040'),
      ...requiredFlow,
    }),
    indicator('2050', '主营业务成本', '万元', 0, '与主营业务收入相对应的成本,本年累计。', requiredFlow),
    indicator('2051', '其中: 硬件成本', '万元', 1, '主营业务成本中外购硬件的成本。', {
      ...ofWhich('2050'),
      ...flow,
    }),
    indicator(
      '2080',
      '费用总额',
      '万元',
      0,
      '销售费用、管理费用、研发费用和财务费用之和,本年累计。',
      requiredFlow,
    ),
    indicator('2090', '利润总额', '万元', 0, '本年累计利润总额,亏损以负数填报。', {
      isRequired: true,
      allowsNegative: true,
    }),
    indicator('2110', '研发经费', '万元', 0, '本年累计用于研究开发的实际支出。', requiredFlow),
    indicator('2111', '从业人员工资总额', '万元', 0, '本年累计支付给从业人员的劳动报酬。', requiredFlow),
    indicator('2112', '平均用工人数', '人', 0, '本年1月至本期各月平均用工人数的平均数。', {
      isRequired: true,
    }),
    indicator('2113', '订单同比增长', '%', 0, '本期新签订单金额比去年同期增长的百分比,可为负数。', {
      allowsNegative: true,
    }),
  ],
};
