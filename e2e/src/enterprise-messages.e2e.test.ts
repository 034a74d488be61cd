import type { Browser } from 'playwright-core';
import { buildUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { publishMinistryTask } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

/**
 * Issue 17, finding 5: reminders never reached the enterprise's web app. The district reminds one enterprise on
 * the 催报 screen and sees whether its SMS went out; the enterprise finds the reminder — with the task, the deadline
 * and who sent it — under 消息 with an unread badge, and reads it.
 */
describe('a 催报 read in the enterprise app', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('reminds and extends an enterprise from the 催报 screen; it reads both under 消息 and the badge goes', async () => {
    // An enterprise of its own in 渝北 (no journey counts 渝北's obligations), listed before the task is published so
    // the task obliges it (directory of record), and nobody else manages or files it.
    const county = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const enterpriseName = '重庆消息测试软件有限公司';
    const uscc = buildUscc({ authority: '9', kind: '1', division: '500112', subject: '7MDG0E2E' });
    await callAs(county, 'POST', '/api/admin/enterprises', {
      uscc,
      name: enterpriseName,
      regionCode: '500112',
      legalRepresentative: '林嘉欣',
      industryCode: '6513',
      mainRevenue: 5000,
      softwareRevenue: 4000,
      isKeyEnterprise: true,
    });
    const task = await publishMinistryTask({
      period: '2031-09',
      name: '[部级]消息测试月报2031年09月',
      scopeRegionCodes: ['500112'],
    });
    const filer = await enterpriseAccount(91, { name: enterpriseName, uscc, legalRepresentative: '林嘉欣' });

    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const admin = await context.newPage();
    await logInThroughForm(admin, baseUrl, 'yubei', demoPassword);
    await admin.waitForURL((url) => url.pathname === '/admin');
    await admin.getByRole('link', { name: '催报管理' }).first().click();
    await admin.locator('#task-select').click();
    await admin.locator('.ant-select-item-option', { hasText: task.name }).click();
    const row = admin
      .locator('.ant-card', { hasText: '企业明细' })
      .locator('tr', { hasText: enterpriseName });
    await expect.poll(() => row.count(), patiently).toBe(1);
    await row.getByRole('button', { name: /催\s?报/ }).click();
    const result = admin.getByRole('dialog', { name: '催报结果' });
    await expect
      .poll(() => result.locator('tr', { hasText: enterpriseName }).textContent(), patiently)
      .toContain('已排队发送至1个手机号');
    await saveScreenshot(admin, 'admin-reminder-result');
    await result.getByRole('button', { name: /确\s?定/ }).click();

    // 延期 from the same row: a new deadline in China time, with the reason.
    const until = new Date(Date.now() + 30 * 86_400_000);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(until);
    await row.getByRole('button', { name: /延\s?期/ }).click();
    const extension = admin.getByRole('dialog', { name: `为${enterpriseName}延期` });
    await extension.getByLabel('新的截止时间（北京时间）').fill(`${day} 18:00`);
    await extension.getByLabel('新的截止时间（北京时间）').press('Enter');
    await extension.getByLabel('延期原因').fill('企业财务系统升级');
    await extension.getByRole('button', { name: '同意延期' }).click();
    await expect.poll(() => row.textContent(), patiently).toContain(`${day} 18:00`);

    const enterpriseContext = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await enterpriseContext.newPage();
    await logInThroughForm(page, baseUrl, filer.username, filer.password);
    await page.waitForURL((url) => url.pathname.startsWith('/enterprise'));
    const menu = page.getByTestId('messages-menu');
    await expect.poll(() => menu.textContent(), patiently).toContain('2条未读');
    await expect
      .poll(() => page.locator('.home-messages').textContent(), patiently)
      .toContain('催报：2031年09月报表尚未上报');
    await saveScreenshot(page, 'enterprise-home-messages');

    await menu.click();
    await page.waitForURL((url) => url.pathname === '/enterprise/messages');
    const notice = page.getByTestId('notice-item').filter({ hasText: '催报' });
    await expect.poll(() => notice.textContent(), patiently).toContain(task.name);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('渝北区区县管理员');
    expect(text).toMatch(/请于 \d{4}年\d{2}月\d{2}日 \d{2}:\d{2} 前完成填报并上报/);
    await saveScreenshot(page, 'enterprise-messages');
    const [year, month, date] = day.split('-');
    const extended = page.getByTestId('notice-item').filter({ hasText: '已延期' });
    await expect
      .poll(() => extended.textContent(), patiently)
      .toContain(`填报截止时间延至 ${year}年${month}月${date}日 18:00。\n原因：企业财务系统升级`);
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await expect.poll(() => page.getByTestId('unread-summary').textContent(), patiently).toBe('0条未读');
    await expect.poll(() => menu.textContent(), patiently).not.toContain('未读');

    // The link leads to the task's form.
    await notice.getByRole('link', { name: '查看' }).click();
    await page.waitForURL((url) => url.pathname === `/enterprise/tasks/${task.id}/filing`);
    await context.close();
    await enterpriseContext.close();
  });
});
