import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, saveScreenshot } from './browser.ts';
import { publishMinistryTask, signedInPage } from './journey.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

// Issue 17 finding 11: 发布任务 said “请检查标出的项” with nothing marked. The server's reason now sits on the field it
// names: a second task of the same survey, owner and period is refused on 报告期.
describe('publishing a task on the screen (issue 17)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('marks 报告期 with the server’s reason when the period already has a task', async () => {
    await publishMinistryTask({
      period: '2034-05',
      name: '[部级]发布标注测试2034年05月',
      scopeRegionCodes: ['440307'],
    });
    const page = await signedInPage(browser, 'miit');
    await page.goto(`${baseUrl}/admin/tasks`);
    await page.getByRole('button', { name: '发布任务' }).click();
    const dialog = page.getByRole('dialog', { name: '发布任务' });
    await dialog.locator('#period').fill('2034-05');
    const [start, end] = [
      dialog.locator('.ant-picker-range input').first(),
      dialog.locator('.ant-picker-range input').last(),
    ];
    await start.click();
    await start.fill('2034-06-01 08:00:00');
    await start.press('Enter');
    await end.fill('2034-06-15 18:00:00');
    await end.press('Enter');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const period = dialog.locator('.ant-form-item', { has: page.locator('#period') });
    await expect
      .poll(() => period.locator('.ant-form-item-explain-error').textContent(), patiently)
      .toBe('该报告期的任务已存在');
    await saveScreenshot(page, 'admin-task-publish-refused');
    await page.context().close();
  }, 180_000);
});
