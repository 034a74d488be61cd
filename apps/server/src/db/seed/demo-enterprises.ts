/** The demo enterprise directory: realistic names across 深圳, 广州, 重庆 and 湖南, with varied size and business. */
export interface DemoEnterprise {
  key: string;
  name: string;
  regionCode: string;
  legalRepresentative: string;
  industryCode: string;
  /** Size multiplier of the generated values (1 ≈ a firm with a few thousand 万元 of revenue). */
  scale: number;
  isKeyEnterprise: boolean;
  isInScope: boolean;
  hasAiBusiness: boolean;
}

type Row = [
  key: string,
  name: string,
  regionCode: string,
  rep: string,
  industry: string,
  scale: number,
  flags?: string,
];

// flags: k = key enterprise (files monthly), o = out of scope, a = has AI business
const rows: Row[] = [
  ['lanhai', '深圳市蓝海数智软件有限公司', '440305', '陈志远', '6513', 3.2, 'k'],
  ['qianhai', '深圳前海云帆信息技术有限公司', '440305', '周晓峰', '6550', 8.5, 'k'],
  ['kexing', '深圳市科兴智联科技有限公司', '440305', '林嘉欣', '6531', 1.4, 'k'],
  ['yuehai', '深圳市粤海芯片设计有限公司', '440305', '黄伟明', '6520', 12, 'k'],
  ['pengcheng', '深圳市鹏程网络安全技术有限公司', '440305', '吴海涛', '6513', 0.9, ''],
  ['shenwan', '深圳市深湾数据服务有限公司', '440305', '郑丽华', '6550', 0.35, 'o'],
  ['futian', '深圳市福田金融科技软件有限公司', '440304', '刘建国', '6513', 5.6, 'k'],
  ['huaqiang', '深圳市华强云服务有限公司', '440304', '何静', '6550', 2.1, ''],
  ['baoan', '深圳市宝安工业软件有限公司', '440306', '杨帆', '6513', 1.8, 'k'],
  ['bantian', '深圳市坂田智能系统集成有限公司', '440307', '张国强', '6531', 20, 'k'],
  ['longhua', '深圳市龙华嵌入式技术有限公司', '440309', '许文博', '6513', 2.6, ''],
  ['tianhe', '广州天河数码软件有限公司', '440100', '梁振华', '6513', 4.4, 'k'],
  ['pazhou', '广州琶洲人工智能科技有限公司', '440100', '冯雅琪', '6513', 2.9, 'ka'],
  ['liangjiang', '重庆两江云计算科技有限公司', '500112', '王磊', '6550', 6.3, 'k'],
  ['xiantao', '重庆仙桃数据服务有限公司', '500112', '唐小燕', '6550', 1.2, 'k'],
  ['lijia', '重庆礼嘉智慧软件有限公司', '500112', '邓建平', '6513', 0.8, ''],
  ['gongkong', '重庆渝北工控安全技术有限公司', '500112', '谭明', '6513', 0.6, 'k'],
  ['konggang', '重庆空港信息系统集成有限公司', '500112', '罗志勇', '6531', 3.5, 'k'],
  ['yuelai', '重庆悦来人工智能科技有限公司', '500112', '蒋欣怡', '6513', 1.6, 'ka'],
  ['jiefangbei', '重庆解放碑软件开发有限公司', '500103', '秦晓东', '6513', 0.7, ''],
  ['shancheng', '重庆山城信息技术咨询有限公司', '500103', '彭丽', '6560', 0.3, 'o'],
  ['jiulong', '重庆九龙智能制造软件有限公司', '500107', '曾庆华', '6513', 2.2, 'k'],
  ['xipeng', '重庆西彭工业互联网平台有限公司', '500107', '袁斌', '6550', 1.1, ''],
  ['daxuecheng', '重庆大学城软件科技有限公司', '500106', '龙涛', '6513', 0.9, 'k'],
  ['chayuan', '重庆茶园数字内容科技有限公司', '500108', '钟晓梅', '6579', 0.5, ''],
  ['nanping', '重庆南坪网络安全技术有限公司', '500108', '卢伟', '6513', 1.3, 'k'],
  ['guanyinqiao', '重庆观音桥电子商务平台技术有限公司', '500105', '傅强', '6550', 2.7, ''],
  ['yongchuan', '重庆永川大数据产业有限公司', '500118', '任静', '6550', 0.6, ''],
  ['lugu', '长沙麓谷软件科技有限公司', '430100', '易志刚', '6513', 3.9, 'k'],
  ['xingcheng', '湖南星城信息安全技术有限公司', '430100', '谢红', '6513', 1.5, ''],
  ['yuelu', '长沙岳麓工业软件有限公司', '430100', '贺军', '6513', 2.4, 'k'],
  ['zhuzhou', '株洲轨道交通软件有限公司', '430200', '文斌', '6513', 1.7, ''],
];

export const demoEnterprises: readonly DemoEnterprise[] = rows.map(
  ([key, name, regionCode, legalRepresentative, industryCode, scale, flags = '']) => ({
    key,
    name,
    regionCode,
    legalRepresentative,
    industryCode,
    scale,
    isKeyEnterprise: flags.includes('k'),
    isInScope: !flags.includes('o'),
    hasAiBusiness: flags.includes('a'),
  }),
);
