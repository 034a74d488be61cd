import { RULES_2021 } from '../rules/rule-set-2021.ts';
import {
  AI_APPLICATION_DOMAIN,
  ENTERPRISE_SIZE,
  HOLDING,
  INDUSTRY,
  REGISTRATION_CATEGORY_2023,
  YES_NO,
} from './code-lists.ts';
import { AI_FORM } from './edition-2021/ai.form.ts';
import { BASIC_FORM } from './edition-2021/basic.form.ts';
import { BUSINESS_FORM } from './edition-2021/business.form.ts';
import { FINANCE_FORM } from './edition-2021/finance.form.ts';
import { MONTHLY_FORM } from './edition-2021/monthly.form.ts';
import { REVENUE_CLASSIFICATION_FORM } from './edition-2021/revenue-classification.form.ts';
import { SCOPE_THRESHOLDS_2021 } from './scope-thresholds.ts';
import type { ParameterDefinition, SurveyEdition } from './survey.types.ts';

const PARAMETERS: ParameterDefinition[] = [
  {
    name: 'tolerance',
    value: 0.05,
    description: '比较时容许的舍入误差(按行的计量单位);万元保留两位小数,十个分项累计舍入不超过0.05。',
  },
  {
    name: 'nationalAverageProfitRate',
    value: 15.8,
    description: '全国软件业务利润率平均值(%),见手册严重警告第3条 [U]。',
  },
  {
    name: 'profitRateDeviation',
    value: 200,
    description: '利润率偏离全国平均值的允许幅度(平均值的百分比) [U]。',
  },
  {
    name: 'softwareShareMin',
    value: SCOPE_THRESHOLDS_2021.softwareShareMin,
    description: '纳统条件:软件业务收入占主营业务收入的最低比重(%) [S P6/P7]。',
  },
  {
    name: 'scopeMainRevenueMin',
    value: SCOPE_THRESHOLDS_2021.mainRevenueMin,
    description: '纳统条件:主营业务收入门槛(万元) [S P6/P7]。',
  },
  {
    name: 'scopeSpecialRevenueMin',
    value: SCOPE_THRESHOLDS_2021.specialActivityRevenueMin,
    description: '纳统条件:集成电路设计及基础软件、工业软件等企业的主营业务收入门槛(万元) [S P6/P7]。',
  },
  {
    name: 'icDesignShareMin',
    value: SCOPE_THRESHOLDS_2021.icDesignShareMin,
    description: '集成电路设计收入占主营业务收入的最低比重(%) [S P6/P7]。',
  },
  {
    name: 'specialActivityShareMin',
    value: 50,
    description:
      '“主要从事”基础软件/工业软件/信息安全/工业互联网平台/数据服务:其收入占软件业务收入的比重(%) [I]。',
  },
  {
    name: 'embeddedSoftwareWeight',
    value: 0.25,
    description:
      '应用嵌入式系统软件的产品收入和出口额折算嵌入式系统软件的权数;制度附录按产品分列,此处取统一值 [I]。',
  },
  {
    name: 'usdCnyRateCeiling',
    value: 7.5,
    description: '折算出口用的美元汇率上限,高于本制度各年的年平均汇率,以免误报 [I]。',
  },
  { name: 'rdIntensityMax', value: 100, description: '研发经费占软件业务收入比重的警告线(%) [I]。' },
  { name: 'yoyGrowthMax', value: 50, description: '月报同比增速的提示线(±%) [I]。' },
  {
    name: 'annualWageMinPerPerson',
    value: 2.4,
    description: '人均年工资下限(万元):12个月×2000元最低工资 [I]。',
  },
];

/** 国统制〔2021〕136号: annual reports 2021–2023 and monthly reports 2022–2024. */
export const EDITION_2021: SurveyEdition = {
  id: '2021',
  name: '软件和信息技术服务业统计调查制度(2021年统计年报和2022年定期统计报表)',
  approvalNo: '国统制〔2021〕136号',
  authority: '工业和信息化部',
  approvedBy: '国家统计局',
  coverage: { year: { from: 2021, to: 2023 }, month: { from: 2022, to: 2024 } },
  aliases: ['2022', '2023', '2024'],
  parameters: Object.fromEntries(PARAMETERS.map((parameter) => [parameter.name, parameter.value])),
  parameterDefinitions: PARAMETERS,
  scopeThresholds: SCOPE_THRESHOLDS_2021,
  codeLists: [YES_NO, REGISTRATION_CATEGORY_2023, HOLDING, INDUSTRY, ENTERPRISE_SIZE, AI_APPLICATION_DOMAIN],
  forms: [BASIC_FORM, FINANCE_FORM, BUSINESS_FORM, REVENUE_CLASSIFICATION_FORM, AI_FORM, MONTHLY_FORM],
  rules: RULES_2021,
};
