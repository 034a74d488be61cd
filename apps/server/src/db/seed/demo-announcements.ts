import { regionScopePrefix } from '../../access/region-scope.ts';
import { insertAnnouncement } from '../../notice/announcement.repository.ts';
import type { Database } from '../database.ts';
import type { RegionLevel } from '../schema.ts';
import { demoDocumentAttachments } from './demo-documents.ts';

interface DemoAnnouncement {
  publisher: 'miit' | 'chongqing';
  regionCode: string;
  regionLevel: RegionLevel;
  audience: 'enterprises' | 'administrators' | 'all';
  category?: 'document';
  isPinned: boolean;
  daysAgo: number;
  title: string;
  body: string;
}

/**
 * 通知公告 as the demo's administrators published them: the ministry's notices on the reports, and Chongqing's
 * notice on the annual and monthly reports modelled on 渝经信软件〔2021〕1号 (in the seeds), dated for this year.
 */
function demoAnnouncements(year: number): DemoAnnouncement[] {
  const annualYear = year - 1;
  return [
    {
      publisher: 'chongqing',
      regionCode: '500000',
      regionLevel: 'province',
      audience: 'all',
      isPinned: true,
      daysAgo: 12,
      title: `关于做好全市${annualYear}年软件和信息技术服务业统计年报及${year}年定期统计报表工作的通知`,
      body: [
        '各区县（自治县）经济信息委，两江新区、重庆高新区、万盛经开区经信部门，各软件园区，各有关软件企业：',
        `根据工业和信息化部制定、经国家统计局批准的《软件和信息技术服务业统计调查制度》，现就做好全市${annualYear}年统计年报及${year}年定期统计报表工作通知如下。`,
        '一、调查范围。在我市行政区域内注册、主要从事软件和信息技术服务业且主营业务年收入500万元以上的独立法人软件企业；主营业务年收入1000万元以上、软件和信息技术服务收入占主营业务收入30%以上的独立法人单位；主营业务年收入500万元以上、集成电路设计和测试收入占60%以上的企业。',
        '二、调查内容。全市软件和信息技术服务相关企业的生产经营主要经济指标，包括企业概况、经营情况和财务状况等。',
        `三、报送时间。${annualYear}年统计年报截止时间为${year}年3月20日18:00；${year}年定期统计月报于次月15日前报送上月数据。`,
        '四、责任分工。各区县经济信息委、开发区经信主管部门、各软件园区负责组织本辖区企业填报，及时审核汇总后上报市级；市经济信息委负责全市的审核汇总并上报工业和信息化部。',
        '五、工作要求。根据《中华人民共和国统计法》，企业应真实、准确、完整、及时提供统计数据，不得迟报、拒报；统计机构及人员对企业资料予以保密。请各有关企业安排专人负责统计工作，按要求完成数据报送。',
        '重庆市经济和信息化委员会',
      ].join('\n'),
    },
    {
      publisher: 'miit',
      regionCode: '000000',
      regionLevel: 'nation',
      audience: 'enterprises',
      isPinned: false,
      daysAgo: 30,
      title: `关于开展${annualYear}年软件和信息技术服务业年报工作的通知`,
      body: '年报填报工作已启动，请各企业核实企业基本情况，按报表制度要求如实填报全年数据。',
    },
    {
      publisher: 'miit',
      regionCode: '000000',
      regionLevel: 'nation',
      audience: 'enterprises',
      isPinned: false,
      daysAgo: 40,
      title: '关于做好软件和信息技术服务业月报填报工作的通知',
      body: '请各企业于每月规定日期前完成上月数据的填报与上报，已退回的报表请按审核意见及时修改。指标解释与填报说明可在“填报业务指南”中查阅。',
    },
    {
      publisher: 'miit',
      regionCode: '000000',
      regionLevel: 'nation',
      audience: 'all',
      category: 'document',
      isPinned: false,
      daysAgo: 45,
      title: '软件和信息技术服务业统计调查制度及企业用户操作手册',
      body: '现将《软件和信息技术服务业统计调查制度》和统计直报系统企业用户操作手册发布如下，请各地统计管理部门和各填报企业下载查阅，按制度要求组织和完成填报。',
    },
    {
      publisher: 'miit',
      regionCode: '000000',
      regionLevel: 'nation',
      audience: 'administrators',
      isPinned: false,
      daysAgo: 20,
      title: `关于做好${annualYear}年软件业统计年报审核汇总工作的通知`,
      body: `请各地统计管理部门按审核层级及时审核本地区企业报表，区县于${year}年3月15日前完成上报，省级（含直辖市）于3月31日前完成审核汇总并上报工业和信息化部。`,
    },
  ];
}

export async function seedDemoAnnouncements(
  db: Database,
  publishers: Map<string, string>,
  now: Date,
): Promise<void> {
  const year = Number(
    new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(now),
  );
  const documents = await demoDocumentAttachments();
  for (const announcement of demoAnnouncements(year)) {
    await insertAnnouncement(db, {
      regionCode: announcement.regionCode,
      scopePrefix: regionScopePrefix(announcement.regionCode, announcement.regionLevel),
      audience: announcement.audience,
      category: announcement.category,
      title: announcement.title,
      body: announcement.body,
      isPinned: announcement.isPinned,
      expiresAt: null,
      publishedBy: publishers.get(announcement.publisher)!,
      publishedAt: new Date(now.getTime() - announcement.daysAgo * 86_400_000),
      attachments: announcement.category === 'document' ? documents : [],
    });
  }
}
