import type { AdminLevel } from '../schema.ts';

/** The one password of every demo account; demo data is seeded only outside production (DEMO_DATA). */
export const demoPassword = 'Demo@2026';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: 'enterprise' | 'admin';
  adminLevel: AdminLevel | null;
  regionCode: string;
  regionName: string;
  roleLabel: string;
  /** The demo enterprise the filer belongs to (by USCC subject body, see demo-enterprises.ts). */
  enterpriseKey?: string;
  mobile: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    username: 'qiye',
    password: demoPassword,
    displayName: '李明',
    role: 'enterprise',
    adminLevel: null,
    regionCode: '440305',
    regionName: '深圳市南山区',
    roleLabel: '企业填报人',
    enterpriseKey: 'lanhai',
    mobile: '13800138001',
  },
  {
    username: 'nanshan',
    password: demoPassword,
    displayName: '南山区工业和信息化局',
    role: 'admin',
    adminLevel: 'county',
    regionCode: '440305',
    regionName: '深圳市南山区',
    roleLabel: '区县管理员',
    mobile: '13800138002',
  },
  {
    username: 'shenzhen',
    password: demoPassword,
    displayName: '深圳市工业和信息化局',
    role: 'admin',
    adminLevel: 'city',
    regionCode: '440300',
    regionName: '深圳市',
    roleLabel: '市级管理员',
    mobile: '13800138003',
  },
  {
    username: 'guangdong',
    password: demoPassword,
    displayName: '广东省工业和信息化厅',
    role: 'admin',
    adminLevel: 'province',
    regionCode: '440000',
    regionName: '广东省',
    roleLabel: '省级管理员',
    mobile: '13800138004',
  },
  {
    username: 'miit',
    password: demoPassword,
    displayName: '工业和信息化部运行监测协调局',
    role: 'admin',
    adminLevel: 'ministry',
    regionCode: '000000',
    regionName: '全国',
    roleLabel: '部级管理员',
    mobile: '13800138005',
  },
  {
    username: 'yubei',
    password: demoPassword,
    displayName: '渝北区经济和信息化委员会',
    role: 'admin',
    adminLevel: 'county',
    regionCode: '500112',
    regionName: '重庆市渝北区',
    roleLabel: '区县管理员',
    mobile: '13800138006',
  },
  {
    username: 'chongqing',
    password: demoPassword,
    displayName: '重庆市经济和信息化委员会',
    role: 'admin',
    adminLevel: 'city',
    regionCode: '500000',
    regionName: '重庆市',
    roleLabel: '市级管理员（直辖市）',
    mobile: '13800138007',
  },
];

/** The year of the old platform's demo export: the monthly reports before this system's first demo year. */
export const oldPlatformDemoYear = 2025;

/**
 * An account of the old platform, moved in with the demo (bound to 重庆空港信息系统集成有限公司): it signs in once
 * with its old password and is then asked to set a new one.
 */
export const oldPlatformDemoAccount = {
  username: 'jiuzhanghao',
  password: 'Jiu@2025',
  displayName: '空港原平台填报员',
  mobile: '13800138021',
} as const;
