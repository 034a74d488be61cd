import { describe, expect, it } from 'vitest';
import { regionSeed, type RegionSeed } from './region-data';

const byCode = new Map(regionSeed.map((r) => [r.code, r]));
const childrenOf = (parentCode: string): RegionSeed[] =>
  regionSeed.filter((r) => r.parentCode === parentCode);
/** 北京, 天津, 上海, 重庆: counties hang directly off the province. */
const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

describe('regionSeed', () => {
  it('uses unique six-digit codes', () => {
    for (const r of regionSeed) expect(r.code).toMatch(/^\d{6}$/);
    expect(byCode.size).toBe(regionSeed.length);
  });

  it('has exactly one nation root, 全国 000000', () => {
    const roots = regionSeed.filter((r) => r.parentCode === null);
    expect(roots).toEqual([{ code: '000000', name: '全国', level: 'nation', parentCode: null }]);
  });

  it('points every parentCode at an existing region one level up', () => {
    const rank = { nation: 0, province: 1, city: 2, county: 3 } as const;
    for (const r of regionSeed) {
      if (r.parentCode === null) continue;
      const parent = byCode.get(r.parentCode);
      expect(parent, `${r.code} ${r.name} → ${r.parentCode}`).toBeDefined();
      const step = MUNICIPALITIES.has(r.parentCode) && r.level === 'county' ? 2 : 1;
      expect(rank[r.level] - rank[parent!.level], `${r.code} ${r.name}`).toBe(step);
    }
  });

  it('gives provinces and cities codes with the right trailing zeros', () => {
    for (const r of regionSeed) {
      if (r.level === 'province') expect(r.code.slice(2), r.name).toBe('0000');
      if (r.level === 'city') expect(r.code.slice(4), r.name).toBe('00');
      if (r.level === 'county') expect(r.code.slice(4), r.name).not.toBe('00');
    }
  });

  it('keeps cities and counties inside their parent’s code prefix', () => {
    for (const r of regionSeed) {
      if (r.level !== 'city' && r.level !== 'county') continue;
      const parent = r.parentCode!;
      expect(r.code.slice(0, 2), `${r.code} ${r.name}`).toBe(parent.slice(0, 2));
      if (r.level === 'county' && !MUNICIPALITIES.has(parent)) {
        expect(r.code.slice(0, 4), `${r.code} ${r.name}`).toBe(parent.slice(0, 4));
      }
    }
  });

  it('is ordered by code within each parent', () => {
    const parents = new Set(regionSeed.map((r) => r.parentCode));
    for (const p of parents) {
      const codes = regionSeed.filter((r) => r.parentCode === p).map((r) => r.code);
      expect(codes).toEqual([...codes].sort());
    }
  });

  it('lists the 31 mainland provincial-level divisions', () => {
    const provinces = regionSeed.filter((r) => r.level === 'province');
    expect(provinces).toHaveLength(31);
    for (const p of provinces) expect(p.parentCode).toBe('000000');
    expect(provinces[0]).toMatchObject({ code: '110000', name: '北京市' });
    expect(provinces.at(-1)).toMatchObject({ code: '650000', name: '新疆维吾尔自治区' });
    const names = provinces.map((p) => p.name);
    for (const excluded of ['台湾省', '香港特别行政区', '澳门特别行政区']) {
      expect(names).not.toContain(excluded);
    }
  });

  it('places all 38 districts and counties of 重庆市 directly under it', () => {
    const cq = childrenOf('500000');
    expect(cq).toHaveLength(38);
    expect(cq.every((r) => r.level === 'county')).toBe(true);
    expect(cq.filter((r) => r.name.endsWith('区'))).toHaveLength(26);
    expect(cq.filter((r) => r.name.endsWith('县'))).toHaveLength(12);
    // No 市辖区 / 县 placeholders.
    expect(byCode.has('500100')).toBe(false);
    expect(byCode.has('500200')).toBe(false);
  });

  it('lists the 14 prefecture-level divisions of 湖南省', () => {
    const hn = childrenOf('430000');
    expect(hn).toHaveLength(14);
    expect(hn.every((r) => r.level === 'city')).toBe(true);
    expect(hn.at(-1)).toMatchObject({ code: '433100', name: '湘西土家族苗族自治州' });
  });

  it('lists the 21 prefecture-level cities of 广东省', () => {
    const gd = childrenOf('440000');
    expect(gd).toHaveLength(21);
    expect(gd.every((r) => r.level === 'city')).toBe(true);
    expect(gd.map((r) => r.name)).toEqual(
      expect.arrayContaining(['广州市', '深圳市', '东莞市', '中山市', '云浮市']),
    );
  });

  it('lists the 9 districts of 深圳市', () => {
    const sz = childrenOf('440300');
    expect(sz).toHaveLength(9);
    expect(sz.every((r) => r.level === 'county')).toBe(true);
    expect(sz.map((r) => r.name)).toEqual([
      '罗湖区',
      '福田区',
      '南山区',
      '宝安区',
      '龙岗区',
      '盐田区',
      '龙华区',
      '坪山区',
      '光明区',
    ]);
  });

  it('spot-checks well-known divisions', () => {
    expect(byCode.get('500112')).toEqual({
      code: '500112',
      name: '渝北区',
      level: 'county',
      parentCode: '500000',
    });
    expect(byCode.get('440305')).toEqual({
      code: '440305',
      name: '南山区',
      level: 'county',
      parentCode: '440300',
    });
    expect(byCode.get('430100')).toEqual({
      code: '430100',
      name: '长沙市',
      level: 'city',
      parentCode: '430000',
    });
    expect(byCode.get('500000')).toMatchObject({ name: '重庆市', level: 'province', parentCode: '000000' });
    expect(byCode.get('440300')).toMatchObject({ name: '深圳市', level: 'city', parentCode: '440000' });
  });
});
