import type { CodeList } from './survey.types.ts';

// Code lists of forms-reference.md §4. Statuses there: §4.3 2023 scheme [S G3], 控股 top level [S G3],
// industry codes [S P14]/[K], AI application domains [I].

export const YES_NO: CodeList = {
  id: 'yes-no',
  name: '是否',
  entries: [
    { code: '1', label: '是' },
    { code: '2', label: '否' },
  ],
};

export const REGISTRATION_CATEGORY_2023: CodeList = {
  id: 'registration-category',
  name: '登记注册统计类别',
  entries: [
    { code: '111', label: '国有独资企业' },
    { code: '112', label: '私营有限责任公司' },
    { code: '119', label: '其他有限责任公司' },
    { code: '121', label: '私营股份有限公司' },
    { code: '129', label: '其他股份有限公司' },
    { code: '131', label: '全民所有制企业' },
    { code: '132', label: '集体所有制企业' },
    { code: '133', label: '股份合作企业' },
    { code: '134', label: '联营企业' },
    { code: '140', label: '个人独资企业' },
    { code: '150', label: '合伙企业' },
    { code: '190', label: '其他内资企业' },
    { code: '210', label: '港澳台投资有限责任公司' },
    { code: '220', label: '港澳台投资股份有限公司' },
    { code: '230', label: '港澳台投资合伙企业' },
    { code: '290', label: '其他港澳台投资企业' },
    { code: '310', label: '外商投资有限责任公司' },
    { code: '320', label: '外商投资股份有限公司' },
    { code: '330', label: '外商投资合伙企业' },
    { code: '390', label: '其他外商投资企业' },
    { code: '400', label: '农民专业合作社(联合社)' },
    { code: '500', label: '个体工商户' },
    { code: '900', label: '其他市场主体' },
  ],
};

export const HOLDING: CodeList = {
  id: 'holding',
  name: '企业控股情况',
  entries: [
    { code: '1', label: '国有控股' },
    { code: '2', label: '集体控股' },
    { code: '3', label: '私人控股' },
    { code: '4', label: '港澳台商控股' },
    { code: '5', label: '外商控股' },
    { code: '9', label: '其他' },
  ],
};

/** Open list: any 4-digit GB/T 4754-2017 小类 is valid; the entries name the ones this survey is about. */
export const INDUSTRY: CodeList = {
  id: 'industry',
  name: '行业代码(GB/T 4754-2017)',
  pattern: '^\\d{4}$',
  entries: [
    { code: '6410', label: '互联网接入及相关服务' },
    { code: '6421', label: '互联网搜索服务' },
    { code: '6422', label: '互联网游戏服务' },
    { code: '6429', label: '互联网其他信息服务' },
    { code: '6431', label: '互联网生产服务平台' },
    { code: '6432', label: '互联网生活服务平台' },
    { code: '6433', label: '互联网科技创新平台' },
    { code: '6434', label: '互联网公共服务平台' },
    { code: '6439', label: '其他互联网平台' },
    { code: '6440', label: '互联网安全服务' },
    { code: '6450', label: '互联网数据服务' },
    { code: '6490', label: '其他互联网服务' },
    { code: '6511', label: '基础软件开发' },
    { code: '6512', label: '支撑软件开发' },
    { code: '6513', label: '应用软件开发' },
    { code: '6519', label: '其他软件开发' },
    { code: '6520', label: '集成电路设计' },
    { code: '6531', label: '信息系统集成服务' },
    { code: '6532', label: '物联网技术服务' },
    { code: '6540', label: '运行维护服务' },
    { code: '6550', label: '信息处理和存储支持服务' },
    { code: '6560', label: '信息技术咨询服务' },
    { code: '6571', label: '地理遥感信息服务' },
    { code: '6572', label: '动漫、游戏数字内容服务' },
    { code: '6579', label: '其他数字内容服务' },
    { code: '6591', label: '呼叫中心' },
    { code: '6599', label: '其他未列明信息技术服务业' },
  ],
};

export const ENTERPRISE_SIZE: CodeList = {
  id: 'enterprise-size',
  name: '企业规模',
  entries: [
    { code: '1', label: '大型' },
    { code: '2', label: '中型' },
    { code: '3', label: '小型' },
    { code: '4', label: '微型' },
  ],
};

export const AI_APPLICATION_DOMAIN: CodeList = {
  id: 'ai-application-domain',
  name: '人工智能主要应用领域',
  entries: [
    { code: '01', label: '智能制造' },
    { code: '02', label: '智能金融' },
    { code: '03', label: '智能医疗' },
    { code: '04', label: '智能交通' },
    { code: '05', label: '智能安防' },
    { code: '06', label: '智能政务' },
    { code: '07', label: '智能教育' },
    { code: '08', label: '智能零售' },
    { code: '09', label: '智能能源' },
    { code: '99', label: '其他' },
  ],
};

/** Membership test of a list, built once: an entry of a closed list, or a match of an open list's pattern. */
export function codeListMatcher(list: CodeList): (code: string) => boolean {
  if (list.pattern !== undefined) {
    const pattern = new RegExp(list.pattern);
    return (code) => pattern.test(code);
  }
  const codes = new Set(list.entries.map((entry) => entry.code));
  return (code) => codes.has(code);
}

/** Label of a code, or undefined when the list does not name it. */
export function codeLabel(list: CodeList, code: string): string | undefined {
  return list.entries.find((entry) => entry.code === code)?.label;
}
