import { invalid, OK, type CheckResult } from './check-result.ts';

/** Province-level codes of GB/T 2260 (the first two digits of every division code). */
export const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
};

/**
 * Checks the form of a division code: 6 digits (GB/T 2260) or 12 digits (NBS 统计用区划代码) whose first two
 * digits name a province. Whether the code exists in a given year needs the dated code table.
 */
export function checkDivisionCode(code: string): CheckResult {
  if (!/^\d+$/.test(code)) return invalid(`行政区划代码“${code}”只能由数字组成`);
  if (code.length !== 6 && code.length !== 12) {
    return invalid(`行政区划代码应为6位(或12位统计用区划代码),当前为${code.length}位`);
  }
  const province = code.slice(0, 2);
  if (PROVINCES[province] === undefined) return invalid(`行政区划代码前两位“${province}”不是有效的省级代码`);
  if (code.slice(2, 4) === '00' && code.slice(4, 6) !== '00') {
    return invalid(`行政区划代码“${code.slice(0, 6)}”的地级代码为00时县级代码也应为00`);
  }
  return OK;
}

/** True when checkDivisionCode accepts the code. */
export function isValidDivisionCodeFormat(code: string): boolean {
  return checkDivisionCode(code).ok;
}
