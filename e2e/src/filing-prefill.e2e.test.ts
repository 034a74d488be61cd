import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount } from './enterprise-account.ts';
import { directoryUscc } from './journey.ts';

const baseUrl = inject('baseUrl');

describe('the annual 企业基本情况表 opens prefilled', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('shows the directory’s values marked 已预填, saves them only when the filer confirms', async () => {
    const enterprise = { name: '深圳市华强云服务有限公司', legalRepresentative: '何静' };
    const city = await apiSignIn(baseUrl, 'shenzhen', demoPassword);
    const uscc = await directoryUscc(city, enterprise.name);
    const filer = await enterpriseAccount(91, { ...enterprise, uscc });
    const { items } = await callAs<{ items: Array<{ taskId: string; taskName: string }> }>(
      filer,
      'GET',
      '/api/enterprise/task-applications',
    );
    const annual = items.find((item) => item.taskName.includes('年报'))!;
    await callAs(filer, 'POST', '/api/enterprise/task-applications', { taskId: annual.taskId });

    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    try {
      await logInThroughForm(page, baseUrl, filer.username, filer.password);
      await page.waitForURL((url) => url.pathname !== '/login');
      await page.goto(`${baseUrl}/enterprise/tasks/${annual.taskId}/filing`);
      await page.getByTestId('prefill-notice').waitFor();
      const uscCell = page.locator('#cell-basic-B01');
      await expect.poll(() => uscCell.inputValue()).toBe(uscc);
      expect(await page.getByTestId('prefilled-basic.B01').count()).toBe(1);
      expect(await page.getByTestId('prefilled-basic.B03').count()).toBe(1);
      await saveScreenshot(page, 'filing-prefill-basic');

      // Nothing was saved by opening the form.
      const before = await callAs<{ filingId: string | null }>(
        filer,
        'GET',
        `/api/enterprise/tasks/${annual.taskId}/filing`,
      );
      expect(before.filingId).toBeNull();

      // Editing a cell makes it the filer's own: its mark goes.
      const nameCell = page.locator('#cell-basic-B04');
      await nameCell.fill('何静华');
      await expect.poll(() => page.getByTestId('prefilled-basic.B04').count()).toBe(0);

      await page.getByTestId('prefill-confirm').click();
      await expect.poll(() => page.getByTestId('prefilled-basic.B01').count()).toBe(0);
      await expect
        .poll(
          async () =>
            (
              await callAs<{ values: { basic?: Record<string, unknown> } }>(
                filer,
                'GET',
                `/api/enterprise/tasks/${annual.taskId}/filing`,
              )
            ).values.basic,
          { timeout: 15_000 },
        )
        .toMatchObject({ B01: uscc, B03: enterprise.name, B04: '何静华' });
    } finally {
      await context.close();
    }
  });
});
