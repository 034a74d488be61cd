import { indicator, section } from '../form-builders.ts';
import type { FormDefinition } from '../survey.types.ts';

// 软统企1表. Field list per forms-reference.md §1.2; codes B01… are this project's, in the scheme of the
// manual's A61/D15 codes [I].
export const BASIC_FORM: FormDefinition = {
  id: 'basic',
  tableNo: '软统企1表',
  name: '企业基本情况表',
  periodType: 'year',
  unitNote: '',
  labelColumns: ['指标名称', '代码'],
  columns: [{ id: 'value', name: '填报内容', source: 'typed' }],
  note: '年报。纳入调查范围的企业均须填报。',
  rows: [
    section('一、单位识别'),
    indicator('B01', '统一社会信用代码', null, 1, '按营业执照填写18位统一社会信用代码(GB 32100-2015)。', {
      validator: 'uscc',
      isRequired: true,
    }),
    indicator(
      'B02',
      '组织机构代码',
      null,
      1,
      '9位组织机构代码(GB 11714),即统一社会信用代码的第9至17位;已领取统一社会信用代码的企业照此填写。',
      { validator: 'organization-code' },
    ),
    indicator('B03', '单位详细名称', null, 1, '按营业执照或登记证书上的名称填写全称。', { isRequired: true }),
    indicator('B04', '单位负责人', null, 1, '单位法定代表人或主要负责人的姓名。', { isRequired: true }),
    section('二、单位所在地'),
    indicator('B05', '行政区划代码', null, 1, '单位实际所在地的县级行政区划代码(GB/T 2260,6位)。', {
      type: 'code',
      validator: 'division-code',
      isRequired: true,
    }),
    indicator('B06', '详细地址', null, 1, '街(路)、门牌号等实际办公地址。', { isRequired: true }),
    indicator('B07', '邮政编码', null, 1, '单位所在地的6位邮政编码。'),
    indicator('B08', '联系电话', null, 1, '含长途区号的固定电话或移动电话。', { isRequired: true }),
    section('三、单位属性'),
    indicator(
      'B09',
      '行业代码',
      null,
      1,
      '按《国民经济行业分类》(GB/T 4754-2017)填写主要业务活动所属的4位小类代码。',
      { codeList: 'industry', isRequired: true },
    ),
    indicator('B10', '登记注册统计类别', null, 1, '按市场主体登记注册统计类别填写3位代码。', {
      codeList: 'registration-category',
      isRequired: true,
    }),
    indicator('B11', '企业控股情况', null, 1, '按实收资本中出资人的控股地位填写。', {
      codeList: 'holding',
      isRequired: true,
    }),
    indicator('B12', '开业(成立)时间', null, 1, '营业执照上的成立日期,填年月(YYYY-MM)。'),
    indicator('B13', '是否有嵌入式系统软件业务', null, 1, '有嵌入式系统软件收入或出口的企业选"是"。', {
      codeList: 'yes-no',
      isRequired: true,
    }),
    indicator(
      'B14',
      '是否有人工智能业务',
      null,
      1,
      '有人工智能软件、服务或产品业务的企业选"是",并填报软统企5表。',
      {
        codeList: 'yes-no',
        isRequired: true,
      },
    ),
    indicator('B15', '主要业务活动', null, 1, '按收入多少列出最主要的一至三项业务活动或产品。', {
      isRequired: true,
    }),
    indicator(
      'B16',
      '企业规模',
      null,
      1,
      '系统按《统计上大中小微型企业划分办法(2017)》由从业人员期末人数(D10)和营业收入(F30)自动判定。',
      { codeList: 'enterprise-size', formula: 'SIZECLASS([business!D10], [finance!F30] / 10)' },
    ),
    section('四、填报人'),
    indicator('B17', '统计负责人', null, 1, '负责本单位统计工作的人员姓名。', { isRequired: true }),
    indicator('B18', '填表人', null, 1, '实际填写报表的人员姓名。', { isRequired: true }),
    indicator('B19', '填表人移动电话', null, 1, '填表人的11位手机号码。', { isRequired: true }),
    indicator('B20', '报出日期', null, 1, '报表报出的日期(YYYY-MM-DD)。'),
  ],
};
