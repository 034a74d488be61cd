import { createSampleFiling, getEdition } from '@zhibao/survey';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, saveScreenshot } from './browser.ts';
import { callAs } from './enterprise-account.ts';
import { button, chooseTask, publishMinistryTask, signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

describe('the pass-up of a region on the screens (issue 17)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('refuses 南山区’s pass-up while a filing is missing, accepts it after an excusal, and lets the city take over 福田区, which has no administrator', async () => {
    // A task of the ministry for 南山区 and 福田区 alone: its key enterprises are the obligations.
    const task = await publishMinistryTask({
      period: '2031-08',
      name: '[部级]上报核验测试月报2031年08月',
      scopeRegionCodes: ['440305', '440304'],
    });

    // 蓝海 files and 南山区 approves it; two others have closed down and are excused by the district.
    const qiye = await apiSignIn(baseUrl, 'qiye', demoPassword);
    const values = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: 91,
      scale: 1,
      monthIndex: 8,
    });
    const path = `/api/enterprise/tasks/${task.id}/filing/submit`;
    try {
      await callAs(qiye, 'POST', path, { version: null, values, explanations: {} });
    } catch (error) {
      const names = [...String(error).matchAll(/"name":"explanations\.([^"]+)"/g)].map((match) => match[1]!);
      if (names.length === 0) throw error;
      const explanations = Object.fromEntries(names.map((name) => [name, '业务确有变化']));
      await callAs(qiye, 'POST', path, { version: null, values, explanations });
    }
    const { filingId } = await callAs<{ filingId: string }>(
      qiye,
      'GET',
      `/api/enterprise/tasks/${task.id}/filing`,
    );
    const county = await apiSignIn(baseUrl, 'nanshan', demoPassword);
    await callAs(county, 'POST', `/api/admin/review/filings/${filingId}/approve`, {});
    const directory = await callAs<{ items: Array<{ id: string; name: string }> }>(
      county,
      'GET',
      `/api/admin/enterprises?keyword=${encodeURIComponent('深圳')}&page=1&pageSize=50`,
    );
    const idOf = (name: string) => directory.items.find((item) => item.name === name)!.id;
    for (const name of ['深圳前海云帆信息技术有限公司', '深圳市粤海芯片设计有限公司']) {
      await callAs(county, 'POST', '/api/admin/review/excusals', {
        taskId: task.id,
        enterpriseId: idOf(name),
        reason: 'closed',
      });
    }

    // The district tries to pass up: refused, naming the enterprise that has not filed.
    const countyPage = await signedInPage(browser, 'nanshan');
    await countyPage.goto(`${baseUrl}/admin/review`);
    await chooseTask(countyPage, task.name);
    const card = countyPage.getByTestId('region-pass-up');
    await button(card, '上报至市级').click();
    const refusal = countyPage.getByTestId('pass-up-refusal');
    await expect.poll(() => refusal.textContent(), patiently).toContain('深圳市科兴智联科技有限公司：未填报');
    expect(await refusal.textContent()).not.toContain('蓝海');
    await saveScreenshot(countyPage, 'admin-pass-up-refused');

    // It excuses the enterprise with a reason, and passes up.
    await button(refusal, '免报').click();
    const dialog = countyPage.locator('.ant-modal', { hasText: '免报原因' });
    await dialog.locator('#excusal-reason').click();
    await countyPage.locator('.ant-select-item-option', { hasText: '注销' }).click();
    await dialog.locator('#excusal-note').fill('2031年7月已注销');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => refusal.count(), patiently).toBe(0);
    await button(card, '上报至市级').click();
    const own = countyPage.getByTestId('own-pass-up');
    await expect.poll(() => own.textContent(), patiently).toContain('已上报（审核完成）');
    expect(await countyPage.getByTestId('own-snapshot').textContent()).toBe(
      '应报 4 · 已报 1 · 已审 1 · 免报 3',
    );

    // The city sees 南山区 passed up with its figures and the excusals, and 福田区 without an administrator.
    const cityPage = await signedInPage(browser, 'shenzhen');
    await cityPage.goto(`${baseUrl}/admin/review`);
    await chooseTask(cityPage, task.name);
    const children = cityPage.getByTestId('child-pass-ups');
    const nanshan = children.locator('tr', { hasText: '南山区' });
    await expect.poll(() => nanshan.textContent(), patiently).toContain('已上报（审核完成）');
    expect(await cityPage.getByTestId('region-pass-up').textContent()).toContain('2031年7月已注销');
    const futian = children.locator('tr', { hasText: '福田区' });
    expect(await futian.textContent()).toContain('无管理员');
    await button(futian, '代为审核').click();
    await cityPage.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => futian.textContent(), patiently).toContain('由深圳市代为审核');
    await saveScreenshot(cityPage, 'admin-pass-up-takeover');
  });
});
