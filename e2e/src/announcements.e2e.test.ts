import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { samplePdf } from './sample-documents.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

/**
 * Issue 19, item 4: the 通知公告 on the enterprise home page were three sentences in the translation file. The
 * 渝北 administrator publishes a notice with its PDF to the district's enterprises; an enterprise of 渝北 finds it
 * on its home page, opens it, downloads the attachment and it counts as read; an enterprise of 南山 never sees it.
 */
describe('通知公告 from a district to its enterprises', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  async function signedInPage(username: string, password: string, home: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    await logInThroughForm(page, baseUrl, username, password);
    await page.waitForURL((url) => url.pathname === home);
    return page;
  }

  it('reaches the district’s enterprise on its home page with the attachment, and not an enterprise of 南山', async () => {
    const county = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const enterpriseName = '重庆公告测试软件有限公司';
    const uscc = buildUscc({ authority: '9', kind: '1', division: '500112', subject: '7ANN0E2E' });
    await callAs(county, 'POST', '/api/admin/enterprises', {
      uscc,
      name: enterpriseName,
      regionCode: '500112',
      legalRepresentative: '周若琳',
      industryCode: '6513',
      mainRevenue: 5000,
      softwareRevenue: 4000,
      isKeyEnterprise: false,
    });
    const filer = await enterpriseAccount(191, { name: enterpriseName, uscc, legalRepresentative: '周若琳' });
    const title = `关于报送软件业统计年报的通知（渝北区${Date.now().toString(36)}）`;

    const admin = await signedInPage('yubei', demoPassword, '/admin');
    await admin.getByRole('link', { name: '通知公告' }).first().click();
    await admin.getByTestId('publish-announcement').click();
    const dialog = admin.getByRole('dialog', { name: '发布通知公告' });
    await dialog.getByLabel('标题').fill(title);
    await dialog
      .getByLabel('正文')
      .fill('请辖区各软件企业于3月20日前完成年报填报。\n联系人：渝北区经济信息委');
    await dialog.getByLabel('本地区企业', { exact: true }).check();
    await dialog.getByLabel('置顶显示').check();
    await dialog.locator('input[type=file]').setInputFiles({
      name: '渝北区年报通知.pdf',
      mimeType: 'application/pdf',
      buffer: await samplePdf('Notice of the Yubei district'),
    });
    await saveScreenshot(admin, 'admin-announcement-publish');
    await dialog.getByRole('button', { name: /发\s?布/ }).click();
    await expect
      .poll(() => admin.getByTestId('announcement-item').filter({ hasText: title }).count(), patiently)
      .toBe(1);

    const page = await signedInPage(filer.username, filer.password, '/enterprise');
    const board = page.getByTestId('announcement-board');
    await expect.poll(() => board.textContent(), patiently).toContain(title);
    // The city's notice (the demo's, modelled on 渝经信软件〔2021〕1号) reaches 渝北 too.
    expect(await board.textContent()).toContain('关于做好全市');
    const unreadBefore = Number(await board.locator('.ant-badge-count').getAttribute('title'));
    await saveScreenshot(page, 'enterprise-home-announcements');

    await board.getByRole('link', { name: title }).click();
    const detail = page.getByTestId('announcement-detail');
    await expect.poll(() => detail.textContent(), patiently).toContain('联系人：渝北区经济信息委');
    expect(await detail.textContent()).toContain('渝北区 发布于');
    const download = page.waitForEvent('download');
    await detail.getByRole('link', { name: /渝北区年报通知\.pdf/ }).click();
    expect((await download).suggestedFilename()).toBe('渝北区年报通知.pdf');
    await saveScreenshot(page, 'enterprise-announcement-detail');

    await page.keyboard.press('Escape');
    await expect.poll(() => detail.isVisible(), patiently).toBe(false);
    await page.getByRole('link', { name: '首页' }).first().click();
    await expect
      .poll(
        async () => Number((await board.locator('.ant-badge-count').getAttribute('title')) ?? 0),
        patiently,
      )
      .toBe(unreadBefore - 1);

    const nanshan = await signedInPage('qiye', demoPassword, '/enterprise');
    const nanshanBoard = nanshan.getByTestId('announcement-board');
    // Loaded: the ministry's notice to every enterprise is there; 渝北's and 重庆's are not.
    await expect.poll(() => nanshanBoard.textContent(), patiently).toContain('月报填报工作的通知');
    expect(await nanshanBoard.textContent()).not.toContain(title);
    expect(await nanshanBoard.textContent()).not.toContain('关于做好全市');

    // The ministry's 制度 and manual, published as 制度文件与操作手册, are on the 填报业务指南 for download.
    await nanshan.getByRole('link', { name: '填报业务指南' }).first().click();
    const documents = nanshan.getByTestId('guide-documents');
    await expect.poll(() => documents.textContent(), patiently).toContain('统计调查制度及企业用户操作手册');
    const links = documents.getByTestId('guide-document-link');
    expect(await links.allTextContents()).toEqual([
      expect.stringContaining('软件和信息技术服务业统计调查制度'),
      expect.stringContaining('企业用户操作手册.pdf'),
    ]);
    const manual = nanshan.waitForEvent('download');
    await links.nth(1).click();
    expect((await manual).suggestedFilename()).toBe('企业用户操作手册.pdf');
    await saveScreenshot(nanshan, 'enterprise-guide-documents');
  }, 180_000);
});
