import { indicator, ofWhich, partOf, section } from '../form-builders.ts';
import type { FormDefinition } from '../survey.types.ts';

// 软统企3表. A61, A63, D15 and D16 are the codes the ministry's manual quotes [U]; the rest of the layout
// follows forms-reference.md §1.4 and mirrors the monthly form's business rows [I].
export const BUSINESS_FORM: FormDefinition = {
  id: 'business',
  tableNo: '软统企3表',
  name: '企业主要业务指标表',
  periodType: 'year',
  unitNote: '计量单位: 万元、万美元、人',
  labelColumns: ['指标名称', '代码', '计量单位'],
  columns: [{ id: 'value', name: '本年', source: 'typed' }],
  note: '年报。收入按业务类型分列,须与软件业务收入分类表(软统企4表)一致。',
  rows: [
    indicator(
      'A10',
      '软件业务收入合计',
      '万元',
      0,
      '企业从事软件产品、信息技术服务、信息安全和嵌入式系统软件业务取得的收入之和(自动计算)。',
      { formula: '[A11] + [A12] + [A13] + [A14]' },
    ),
    section('(一)按业务类型分列', 1),
    indicator('A11', '1.软件产品收入', '万元', 1, '销售自主开发或代理的软件产品取得的收入。', {
      ...partOf('A10'),
      isRequired: true,
    }),
    indicator('A111', '其中: 基础软件收入', '万元', 2, '操作系统、数据库、中间件等基础软件产品收入。', ofWhich('A11')),
    indicator('A112', '工业软件收入', '万元', 2, '研发设计、生产控制、经营管理等工业软件产品收入。', ofWhich('A11')),
    indicator('A12', '2.信息技术服务收入', '万元', 1, '提供信息技术咨询、开发、集成、运维、运营等服务取得的收入。', {
      ...partOf('A10'),
      isRequired: true,
    }),
    indicator('A121', '其中: 云服务收入', '万元', 2, '以云计算方式提供基础设施、平台或软件服务的收入。', ofWhich('A12')),
    indicator('A122', '大数据服务收入', '万元', 2, '数据采集、加工、分析、交易等大数据服务收入。', ofWhich('A12')),
    indicator('A123', '工业互联网平台服务收入', '万元', 2, '为工业企业提供平台接入、应用开发与运营服务的收入。', ofWhich('A12')),
    indicator('A124', '电子商务平台技术服务收入', '万元', 2, '为电子商务提供平台技术支撑服务的收入。', ofWhich('A12')),
    indicator('A125', '集成电路设计收入', '万元', 2, '集成电路设计及相关测试服务收入。', ofWhich('A12')),
    indicator('A13', '3.信息安全收入', '万元', 1, '信息安全产品和信息安全服务收入。', {
      ...partOf('A10'),
      isRequired: true,
    }),
    indicator('A131', '其中: 工控安全收入', '万元', 2, '工业控制系统安全产品和服务收入。', ofWhich('A13')),
    indicator('A14', '4.嵌入式系统软件收入', '万元', 1, '嵌入在硬件产品中、随产品销售的软件部分的收入。', {
      ...partOf('A10'),
      isRequired: true,
    }),
    section('(二)按服务模式分列', 1),
    indicator('A50', '其中: 软件外包服务收入', '万元', 1, '承接境内外发包方委托的软件开发和信息技术服务收入。'),
    section('(三)按出口分列', 1),
    indicator('A60', '软件业务出口', '万美元', 0, '向境外提供软件产品和服务取得的收入(自动计算)。', {
      formula: '[A61] + [A62] + [A63]',
    }),
    indicator('A61', '其中: 1.软件外包服务出口', '万美元', 1, '承接境外发包方委托的软件和信息技术服务收入。', {
      ...partOf('A60'),
      isRequired: true,
    }),
    indicator('A62', '2.嵌入式系统软件出口', '万美元', 1, '出口产品中嵌入式系统软件部分的价值。', partOf('A60')),
    indicator('A63', '3.其它软件业务出口', '万美元', 1, '除外包服务和嵌入式系统软件以外的软件业务出口。', {
      ...partOf('A60'),
      isRequired: true,
    }),
    section('(四)研发情况'),
    indicator('C10', '研发经费', '万元', 0, '本年用于软件和信息技术研究开发的全部实际支出。', { isRequired: true }),
    section('(五)从业人员'),
    indicator('D10', '从业人员期末人数', '人', 0, '年末在本单位工作并取得劳动报酬的全部人员。', { isRequired: true }),
    indicator('D11', '其中: 研发人员', '人', 1, '从事研究开发活动的人员。', ofWhich('D10')),
    section('按学历分', 1),
    indicator('D15', '硕士及以上', '人', 1, '具有硕士研究生及以上学历的从业人员。', partOf('D10')),
    indicator('D16', '大专及大本', '人', 1, '具有大学专科或大学本科学历的从业人员。', partOf('D10')),
    indicator('D17', '大专以下', '人', 1, '学历在大学专科以下的从业人员。', partOf('D10')),
    indicator('D20', '从业人员平均人数', '人', 0, '本年各月平均人数之和除以12。', { isRequired: true }),
    indicator('D30', '从业人员工资总额', '万元', 0, '本年支付给全部从业人员的劳动报酬总额。', { isRequired: true }),
  ],
};
