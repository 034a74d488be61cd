import { getEdition, type SurveyEdition } from '@zhibao/survey';
import { loadCjkFont } from '../../export/cjk-font.ts';
import { buildTextDocumentPdf, type DocumentBlock } from '../../export/text-document-pdf.ts';

// The documents the ministry publishes as 制度文件与操作手册 in the demo: the survey's 制度 (its header, forms and
// the definition of every indicator, drawn from the edition the demo files) and the enterprise filing manual.

const periodNames = { year: '年报', month: '月报' } as const;
/** The ideographic space the official documents put between a code and its name. */
const GAP = '\u3000';

/** The 统计调查制度 of an edition: who set it, its forms and each indicator's 填报说明. */
export function surveySystemBlocks(edition: SurveyEdition): DocumentBlock[] {
  const blocks: DocumentBlock[] = [
    { paragraph: `制定机关：${edition.authority}` },
    { paragraph: `批准机关：${edition.approvedBy}` },
    { paragraph: `批准文号：${edition.approvalNo}` },
    {
      paragraph:
        `适用报告期：年报 ${edition.coverage.year.from}—${edition.coverage.year.to} 年，` +
        `月报 ${edition.coverage.month.from}—${edition.coverage.month.to} 年`,
    },
    {
      paragraph:
        '本制度所列报表由纳入调查范围的企业通过统计直报系统填报，经所在区县、市、省级软件业统计管理部门逐级审核汇总后报送工业和信息化部。统计机构和统计人员对在统计工作中知悉的单个调查对象的资料负有保密义务。',
    },
  ];
  for (const form of edition.forms) {
    blocks.push({ heading: `${form.tableNo}${GAP}${form.name}（${periodNames[form.periodType]}）` });
    if (form.note) blocks.push({ paragraph: form.note });
    for (const row of form.rows) {
      if (row.kind !== 'indicator' || !row.definition) continue;
      const unit = row.unit ? `（${row.unit}）` : '';
      blocks.push({ paragraph: `${row.code}${GAP}${row.name}${unit}：${row.definition}` });
    }
    for (const row of form.grid?.rows ?? [])
      if (row.definition) blocks.push({ paragraph: `${row.rowNo}${GAP}${row.name}：${row.definition}` });
    for (const column of form.grid?.columns ?? [])
      if (column.definition)
        blocks.push({
          paragraph: `${column.code}${GAP}${column.name}（${column.unit}）：${column.definition}`,
        });
  }
  return blocks;
}

/** 企业用户操作手册: the filing journey of an enterprise in this system, step by step. */
export const enterpriseManualBlocks: DocumentBlock[] = [
  { heading: '一、注册与登录' },
  {
    paragraph:
      '企业首次使用时，以自然人或法人身份注册账号并完成实名认证，然后输入企业统一社会信用代码和名称申请绑定企业；企业管理员或所在地区管理员核准后即可为该企业填报。已有账号的用户使用用户名和密码（或短信验证码）登录。',
  },
  { heading: '二、首页与通知公告' },
  {
    paragraph:
      '登录后首页列出本期待填报的任务、截止时间和未读的通知公告。请及时阅读所在地区及上级主管部门发布的通知，附件可直接下载。',
  },
  { heading: '三、我的填报任务' },
  {
    paragraph:
      '在“我的填报任务”中可按报告期、填报状态筛选任务。点击“填报”进入填报界面，各张报表依次填写，数据随时保存；上期数与去年同期数由系统带出，供对照。',
  },
  { heading: '四、审核与上报' },
  {
    paragraph:
      '填写完成后点击“审核”，系统按统计调查制度的审核关系逐条检查：错误必须修改；严重警告须填写审核说明后方可上报。审核通过后点击“上报”，报表即提交所在区县统计管理部门审核。',
  },
  { heading: '五、取消上报、退回与更正' },
  {
    paragraph:
      '填报期内发现错误且报表尚未被审核时，可取消上报、修改后重新上报。被退回的报表请按审核意见修改后重新上报。已审核通过或已截止的报表需更正时，请提交更正申请，经管理部门同意后修改。',
  },
  { heading: '六、填报任务申请与数据查询' },
  {
    paragraph:
      '未收到任务的企业可在“填报任务申请”中申请参加调查。“填报数据查询”中可查看、导出历次已上报的报表及回执。',
  },
  { heading: '七、用户中心' },
  {
    paragraph: '在“用户中心”中可修改密码、手机号，查看企业信息，企业管理员还可管理本企业的填报人员。',
  },
  { note: '本手册为演示数据，随统计直报系统版本更新。' },
];

/** The two documents as PDF attachments, or none when the machine has no Chinese font to print them with. */
export async function demoDocumentAttachments(): Promise<
  Array<{ fileName: string; mediaType: string; content: Buffer }>
> {
  const font = await loadCjkFont(null);
  if (!font) return [];
  const edition = getEdition();
  return [
    {
      fileName: `${edition.name}.pdf`,
      mediaType: 'application/pdf',
      content: await buildTextDocumentPdf({ title: edition.name, blocks: surveySystemBlocks(edition) }, font),
    },
    {
      fileName: '企业用户操作手册.pdf',
      mediaType: 'application/pdf',
      content: await buildTextDocumentPdf(
        { title: '软件和信息技术服务业统计直报系统 企业用户操作手册', blocks: enterpriseManualBlocks },
        font,
      ),
    },
  ];
}
