import type { Finding } from '@zhibao/survey';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../i18n/zh-CN';
import { announcementOf } from './finding-announcement';

const i18n = createInstance();
await i18n.init({
  lng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false },
});
const t = i18n.t;

const finding = (ruleId: string, message: string, key = '2021'): Finding => ({
  ruleId,
  severity: 'error',
  message,
  cells: [{ formId: 'monthly', key }],
});

describe('what the audit tells a screen reader', () => {
  it('tells a finding that appears and one resolved, in words', () => {
    const before = [finding('E-01', '软件产品收入不能为负')];
    const after = [finding('E-02', '软件业务收入合计不能大于主营业务收入')];
    expect(announcementOf(before, after, t)).toBe(
      '新的必改错误：软件业务收入合计不能大于主营业务收入；已解决：软件产品收入不能为负',
    );
  });

  it('stays silent while the same rule holds on the same cells, its quoted numbers changing', () => {
    expect(
      announcementOf(
        [finding('E-02', '大于主营业务收入1万元')],
        [finding('E-02', '大于主营业务收入12万元')],
        t,
      ),
    ).toBe('');
  });

  it('reads the worst of many changes at once (an import) and counts the rest', () => {
    const before = [{ ...finding('H-01', '比重低于30%'), severity: 'hint' as const }];
    const after = ['2022', '2023', '2041', '2043'].map((key) => finding('E-09', `${key}为必填项`, key));
    expect(announcementOf(before, after, t)).toBe(
      '新的必改错误：2022为必填项；新的必改错误：2023为必填项；新的必改错误：2041为必填项；另有2条审核结果变化，见审核栏',
    );
  });
});
