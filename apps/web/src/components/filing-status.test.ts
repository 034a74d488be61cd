import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { enUS } from '../i18n/en-US';
import { zhCN } from '../i18n/zh-CN';
import { filingStatusText } from './filing-status';

// Issue 15 item 4: the server sends a filing's state as codes; the words are the web's, in each language —
// including a filing waiting at a unit a province delegated its review to (代审).
describe('a filing state in words', () => {
  beforeAll(async () => {
    await i18next.init({
      resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
      lng: 'zh-CN',
      interpolation: { escapeValue: false },
    });
  });

  it('names the level, or the park or association it waits at', async () => {
    await i18next.changeLanguage('zh-CN');
    const t = i18next.getFixedT(i18next.language);
    expect(
      filingStatusText(t, { status: 'submitted', pendingLevel: 'county', delegatedTo: '南山软件园' }),
    ).toBe('已上报至南山软件园');
    expect(filingStatusText(t, { status: 'submitted', pendingLevel: 'city', delegatedTo: null })).toBe(
      '已上报至市级',
    );
    expect(filingStatusText(t, { status: 'returned', pendingLevel: null })).toBe('已退回');
  });

  it('speaks English with no Chinese status left', async () => {
    await i18next.changeLanguage('en-US');
    const t = i18next.getFixedT(i18next.language);
    for (const status of ['not_started', 'draft', 'returned', 'approved'] as const) {
      expect(filingStatusText(t, { status, pendingLevel: null })).not.toMatch(/\p{Script=Han}/u);
    }
    expect(filingStatusText(t, { status: 'submitted', pendingLevel: 'province' })).not.toMatch(
      /\p{Script=Han}/u,
    );
  });
});
