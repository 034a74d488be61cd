import type { FormDefinition, GridRowDefinition } from '../survey.types.ts';

// 软统企4表: 软件业务收入分类表, a grid of numbered business classes by columns. The row "1.3 平台软件" and
// the columns 本年收入/本年出口/出口1/出口2 are those the ministry's manual names [U]; the other rows follow
// the 业务分类 skeleton of forms-reference.md §1.5 [I]. Parents are computed sums of their children.

const ALL_COLUMNS = ['income', 'export', 'export1', 'export2'];
/** Embedded software exports are not split into 出口1/出口2 (they are A62, not A61/A63). */
const EMBEDDED_COLUMNS = ['income', 'export'];

type RowSpec = [rowNo: string, name: string, definition: string];

function classRows(
  classNo: string,
  name: string,
  columns: string[],
  children: RowSpec[],
): GridRowDefinition[] {
  return [
    {
      rowNo: classNo,
      name,
      level: 1,
      parentRowNo: 'total',
      isComputed: true,
      columns,
      definition: `${name}各细类之和(自动计算)。`,
    },
    ...children.map(([rowNo, childName, definition]) => ({
      rowNo,
      name: childName,
      level: 2,
      parentRowNo: classNo,
      isComputed: false,
      columns,
      definition,
    })),
  ];
}

export const REVENUE_CLASSIFICATION_FORM: FormDefinition = {
  id: 'revenue-classification',
  tableNo: '软统企4表',
  name: '软件业务收入分类表',
  periodType: 'year',
  unitNote: '计量单位: 收入为万元,出口为万美元',
  labelColumns: ['序号', '业务类别'],
  columns: [],
  rows: [],
  note: '年报。按《软件和信息技术服务业业务分类表》分列软件业务收入和出口;各大类合计须与企业主要业务指标表一致。',
  grid: {
    columns: [
      {
        code: 'income',
        name: '本年收入',
        shortName: '本年收入',
        unit: '万元',
        definition: '本年该类业务的收入。',
      },
      {
        code: 'export',
        name: '本年出口',
        shortName: '本年出口',
        unit: '万美元',
        definition: '本年该类业务的出口额。',
      },
      {
        code: 'export1',
        name: '出口1: 软件外包服务出口',
        shortName: '出口1',
        unit: '万美元',
        definition: '本年出口中承接境外发包的软件外包服务出口,各行合计对应A61。',
      },
      {
        code: 'export2',
        name: '出口2: 其它软件业务出口',
        shortName: '出口2',
        unit: '万美元',
        definition: '本年出口中除软件外包服务以外的其它软件业务出口,各行合计对应A63。',
      },
    ],
    rows: [
      {
        rowNo: 'total',
        name: '合计',
        level: 0,
        isComputed: true,
        columns: ALL_COLUMNS,
        definition: '四大类之和(自动计算)。',
      },
      ...classRows('1', '软件产品', ALL_COLUMNS, [
        ['1.1', '基础软件', '操作系统、数据库、中间件、办公套件等。'],
        ['1.2', '支撑软件', '软件开发工具、测试工具、项目管理工具等。'],
        ['1.3', '平台软件', '为应用系统提供运行、集成、管理能力的平台类软件产品。'],
        ['1.4', '工业软件', '研发设计、生产控制、经营管理、运维服务类工业软件。'],
        ['1.5', '通用应用软件', '面向各行业通用的管理、办公、多媒体等应用软件。'],
        ['1.6', '行业应用软件', '面向工业以外的特定行业(金融、交通、医疗、政务等)的应用软件。'],
        ['1.7', '其他软件产品', '上述以外的软件产品。'],
      ]),
      ...classRows('2', '信息技术服务', ALL_COLUMNS, [
        ['2.1', '信息技术咨询设计服务', '信息化规划、信息系统设计、信息技术管理咨询等。'],
        ['2.2', '软件开发服务', '受托进行的定制软件开发及相关服务。'],
        ['2.3', '信息系统集成实施服务', '信息系统集成、物联网集成及实施服务。'],
        ['2.4', '运行维护服务', '基础环境、硬件、软件和安全的运行维护。'],
        ['2.5', '云服务', '以云计算方式提供的基础设施、平台和软件服务。'],
        ['2.6', '大数据服务', '数据采集、加工、分析、交易等服务。'],
        ['2.7', '工业互联网平台服务', '为工业企业提供的平台接入、应用开发与运营服务。'],
        ['2.8', '电子商务平台技术服务', '为电子商务提供的平台技术支撑服务。'],
        ['2.9', '其他运营服务', '上述以外的在线软件运营和数据处理服务。'],
        ['2.10', '集成电路设计', '集成电路设计及相关测试服务。'],
        ['2.11', '其他信息技术服务', '上述以外的信息技术服务。'],
      ]),
      ...classRows('3', '信息安全', ALL_COLUMNS, [
        ['3.1', '信息安全产品', '网络与边界安全、终端安全、数据安全等产品(不含工控安全)。'],
        ['3.2', '信息安全服务', '安全咨询、测评、运维、应急响应等服务(不含工控安全)。'],
        ['3.3', '工控安全', '工业控制系统安全产品和服务。'],
      ]),
      ...classRows('4', '嵌入式系统软件', EMBEDDED_COLUMNS, [
        ['4.1', '计算机应用产品', '计算机及外部设备中的嵌入式系统软件。'],
        ['4.2', '通信设备', '通信设备中的嵌入式系统软件。'],
        ['4.3', '汽车电子', '汽车电子产品中的嵌入式系统软件。'],
        ['4.4', '工业控制', '工业控制设备中的嵌入式系统软件。'],
        ['4.5', '消费电子', '家用和消费类电子产品中的嵌入式系统软件。'],
        ['4.6', '医疗电子', '医疗电子设备中的嵌入式系统软件。'],
        ['4.7', '其他嵌入式产品', '上述以外产品中的嵌入式系统软件。'],
      ]),
    ],
  },
};
