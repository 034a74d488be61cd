import { indicator, ofWhich, partOf } from '../form-builders.ts';
import type { FormDefinition } from '../survey.types.ts';

// 软统企5表, filed only by enterprises with AI business (forms-reference.md §1.6, rows [I]).
export const AI_FORM: FormDefinition = {
  id: 'ai',
  tableNo: '软统企5表',
  name: '人工智能企业业务指标表',
  periodType: 'year',
  unitNote: '计量单位: 万元、万美元、人',
  labelColumns: ['指标名称', '代码', '计量单位'],
  columns: [{ id: 'value', name: '本年', source: 'typed' }],
  applicableWhen: "[basic!B14] = '1'",
  note: '年报。仅由有人工智能业务(企业基本情况表B14选"是")的企业填报。',
  rows: [
    indicator('E10', '人工智能业务收入合计', '万元', 0, '人工智能软件、服务和产品收入之和(自动计算)。', {
      formula: '[E11] + [E12] + [E13]',
    }),
    indicator('E11', '1.人工智能软件收入', '万元', 1, '人工智能基础框架、算法平台和应用软件收入。', {
      ...partOf('E10'),
      isRequired: true,
    }),
    indicator('E12', '2.人工智能服务收入', '万元', 1, '基于人工智能技术提供的咨询、开发、运营等服务收入。', {
      ...partOf('E10'),
      isRequired: true,
    }),
    indicator('E13', '3.人工智能产品收入', '万元', 1, '智能终端、智能硬件等人工智能产品的销售收入。', {
      ...partOf('E10'),
      isRequired: true,
    }),
    indicator('E20', '人工智能业务出口', '万美元', 0, '人工智能软件、服务和产品的出口额。'),
    indicator('E30', '人工智能研发投入', '万元', 0, '本年用于人工智能研究开发的实际支出。'),
    indicator('E40', '人工智能从业人员', '人', 0, '年末从事人工智能业务的从业人员。', { isRequired: true }),
    indicator('E41', '其中: 人工智能研发人员', '人', 1, '从事人工智能研究开发的人员。', ofWhich('E40')),
    indicator('E50', '主要应用领域', null, 0, '人工智能业务收入最多的应用领域。', {
      codeList: 'ai-application-domain',
      isRequired: true,
    }),
  ],
};
