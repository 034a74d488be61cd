import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, readSmsCode, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount, type Session } from './enterprise-account.ts';
import { directoryUscc } from './journey.ts';

const baseUrl = inject('baseUrl');

type Values = Record<string, Record<string, number | string | null>>;
interface FilingAnswer {
  version: number | null;
  values: Values;
  canEdit: boolean;
  status: string;
  isWindowOpen?: boolean;
}

// An enterprise no other journey uses, filing its open monthly report as a new account of its own.
const enterprise = { name: '重庆两江云计算科技有限公司', legalRepresentative: '王磊' };

async function newContext(browser: Browser, session: Session): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const [name, value] = session.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  return context;
}

const cell = (page: Page, code: string) => page.locator(`#cell-monthly-${code}`);

/** Types a value as a person does: into the focused cell, replacing what it showed. */
async function typeInto(page: Page, code: string, text: string) {
  await cell(page, code).click();
  await page.keyboard.press('ControlOrMeta+A');
  await cell(page, code).pressSequentially(text);
}

const shownNumber = async (page: Page, code: string) =>
  Number((await cell(page, code).inputValue()).replace(/,/g, ''));

describe('the filer never loses a figure', () => {
  let browser: Browser;
  let filer: Session & { username: string; password: string };
  let checker: Session;
  let taskId: string;
  let filingUrl: string;

  /** What the server holds now, read through the API as another session of the same filer. */
  const serverFiling = () => callAs<FilingAnswer>(checker, 'GET', `/api/enterprise/tasks/${taskId}/filing`);
  const serverValue = async (code: string) => (await serverFiling()).values.monthly?.[code] ?? null;

  async function saveThroughApi(change: Record<string, number | null>) {
    const current = await serverFiling();
    await callAs(checker, 'PUT', `/api/enterprise/tasks/${taskId}/filing`, {
      version: current.version,
      values: { ...current.values, monthly: { ...current.values.monthly, ...change } },
    });
  }

  async function openFiling(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(filingUrl);
    await expect
      .poll(() => page.locator('.filing-table input[data-cell-input]').count(), { timeout: 15_000 })
      .toBeGreaterThan(10);
    return page;
  }

  beforeAll(async () => {
    const county = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const uscc = await directoryUscc(county, enterprise.name);
    filer = await enterpriseAccount(61, { ...enterprise, uscc });
    checker = await apiSignIn(baseUrl, filer.username, filer.password);
    const { items } = await callAs<{
      items: Array<{ taskId: string; periodType: string; status: string; isWindowOpen: boolean }>;
    }>(checker, 'GET', '/api/enterprise/tasks');
    const open = items.find(
      (item) =>
        item.periodType === 'month' &&
        item.isWindowOpen &&
        ['not_started', 'draft', 'returned'].includes(item.status),
    );
    if (!open) throw new Error(`${enterprise.name} has no open monthly task in the demo`);
    taskId = open.taskId;
    filingUrl = `${baseUrl}/enterprise/tasks/${taskId}/filing`;
    // A filled cell, as the issue found it: 1,082.07 in 主营业务收入.
    await saveThroughApi({ '2010': 1082.07, '2080': 1600 });
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('keeps values typed just before leaving the page: back again, every value is there and saved', async () => {
    const context = await newContext(browser, filer);
    const page = await openFiling(context);
    const typed = {
      '2021': '301.5',
      '2022': '402.25',
      '2023': '55',
      '2050': '700',
      '2110': '66',
      '2090': '12',
    };
    for (const [code, text] of Object.entries(typed)) await typeInto(page, code, text);
    // At once after the last keystroke: a click on 我的填报任务 in the menu, inside the app.
    await page.evaluate(() => {
      const link = Array.from(
        document.querySelectorAll<HTMLAnchorElement>('a[href="/enterprise/tasks"]'),
      ).find((anchor) => anchor.textContent?.includes('我的填报任务'));
      if (!link) throw new Error('no 我的填报任务 link');
      link.click();
    });
    await page.waitForURL((url) => url.pathname === '/enterprise/tasks');
    await expect.poll(() => page.locator('.filing-table').count()).toBe(0);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain('我的填报任务');
    await page.goBack();
    await expect
      .poll(() => page.locator('.filing-table input[data-cell-input]').count(), { timeout: 15_000 })
      .toBeGreaterThan(10);
    for (const [code, text] of Object.entries(typed)) {
      await expect.poll(() => shownNumber(page, code)).toBe(Number(text));
    }
    for (const [code, text] of Object.entries(typed)) {
      await expect.poll(() => serverValue(code), { timeout: 10_000 }).toBe(Number(text));
    }
    await context.close();
  });

  it('keeps typing through an expired session: the login comes in a dialog over the form, then it syncs', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    await typeInto(page, '2021', '311');
    await expect.poll(() => serverValue('2021'), { timeout: 10_000 }).toBe(311);

    // The session ends mid-edit: its cookie is gone, the next save answers 401.
    await context.clearCookies();
    await typeInto(page, '2022', '412');
    const dialog = page.getByTestId('session-renewal');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/enterprise/tasks/${taskId}/filing`);
    expect(await page.getByTestId('signed-out-banner').textContent()).toContain('项修改保存在本机');
    await saveScreenshot(page, 'filing-draft-session-renewal');

    await page.locator('#renewal-password').fill(filer.password);
    await dialog
      .getByRole('button', { name: /获取验证码/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('renewal-sms-sent').count()).toBe(1);
    await page.locator('#renewal-sms-code').fill(await readSmsCode(baseUrl, { username: filer.username }));
    await dialog.getByRole('button', { name: /登录并继续填报/ }).click();
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(0);

    expect(await shownNumber(page, '2021')).toBe(311);
    expect(await shownNumber(page, '2022')).toBe(412);
    await expect.poll(() => serverValue('2022'), { timeout: 10_000 }).toBe(412);
    await expect
      .poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 })
      .toMatch(/^草稿已保存/);
    await context.close();
  });

  it('keeps entering and auditing offline, says what waits, refuses 上报, and syncs when the network is back', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    await context.setOffline(true);
    // 软件业务收入 above 主营业务收入: a 必改错误 the engine in the browser finds without the server.
    await typeInto(page, '2010', '1');
    await typeInto(page, '2023', '77');
    const banner = page.getByTestId('offline-banner');
    await expect.poll(() => banner.textContent()).toMatch(/^离线 · 2 项修改待同步/);
    await expect
      .poll(() => page.locator('.audit-item-error', { hasText: '不能大于主营业务收入1万元' }).count())
      .toBe(1);
    await page
      .getByRole('button', { name: '上 报' })
      .or(page.getByRole('button', { name: '上报' }))
      .first()
      .click();
    await expect
      .poll(() => page.locator('.submit-blocked-message').textContent())
      .toContain('上报需要连接服务器');
    await saveScreenshot(page, 'filing-draft-offline');
    expect(await serverValue('2010')).toBe(1082.07);

    await context.setOffline(false);
    await expect.poll(() => serverValue('2010'), { timeout: 15_000 }).toBe(1);
    expect(await serverValue('2023')).toBe(77);
    await expect.poll(() => banner.count()).toBe(0);
    await typeInto(page, '2010', '1082.07');
    await expect.poll(() => serverValue('2010'), { timeout: 10_000 }).toBe(1082.07);
    await context.close();
  });

  it('reloads a filing opened before without network, keeps entering offline, and syncs when it is back', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    // The service worker takes the page over and keeps the app shell and the scripts the page loaded.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 })
      .toBe(true);
    const before = await shownNumber(page, '2050');

    await context.setOffline(true);
    await page.reload();
    await expect
      .poll(() => page.locator('.filing-table input[data-cell-input]').count(), { timeout: 15_000 })
      .toBeGreaterThan(10);
    expect(await shownNumber(page, '2050')).toBe(before);
    await typeInto(page, '2050', '730');
    await expect
      .poll(() => page.getByTestId('offline-banner').textContent())
      .toMatch(/^离线 · 1 项修改待同步/);
    await saveScreenshot(page, 'filing-draft-offline-reload');

    await context.setOffline(false);
    await expect.poll(() => serverValue('2050'), { timeout: 15_000 }).toBe(730);
    await context.close();
  });

  it('asks before a reload that would leave work unsynced, and the reloaded page restores it and says so', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    // Saves cannot reach the server (a dead connection); reads still can.
    const refuseSaves = async (route: Route) =>
      route.request().method() === 'PUT' ? route.abort('connectionreset') : route.continue();
    await page.route(`**/api/enterprise/tasks/${taskId}/filing`, refuseSaves);
    await typeInto(page, '2021', '321');
    await typeInto(page, '2050', '720');
    await expect
      .poll(() => page.getByTestId('save-failed').or(page.getByTestId('offline-banner')).count())
      .toBe(1);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await expect.poll(() => page.getByTestId('draft-restored').textContent()).toContain('已从本机恢复 2 项');
    expect(await shownNumber(page, '2021')).toBe(321);
    expect(await shownNumber(page, '2050')).toBe(720);
    expect(await serverValue('2021')).not.toBe(321);

    await page.unroute(`**/api/enterprise/tasks/${taskId}/filing`, refuseSaves);
    // 保存 retries at once rather than at the next step of the backoff.
    await page
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('button', { name: '保存' }))
      .first()
      .click();
    await expect.poll(() => serverValue('2021'), { timeout: 10_000 }).toBe(321);
    expect(await serverValue('2050')).toBe(720);
    await context.close();
  });

  it('never empties a filled cell for letters typed into it: the old value stays, marked, and unsaved', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    await expect.poll(() => shownNumber(page, '2010')).toBe(1082.07);
    await typeInto(page, '2010', '12a3');
    await typeInto(page, '2080', 'abc');
    await page.keyboard.press('Tab');

    expect(await cell(page, '2010').inputValue()).toBe('12a3');
    expect(await cell(page, '2010').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#cell-monthly-2010-invalid').textContent()).toBe(
      '“12a3”不是有效数字，仍保留原值 1,082.07',
    );
    expect(await cell(page, '2080').inputValue()).toBe('abc');
    expect(await page.locator('#cell-monthly-2080-invalid').textContent()).toContain('仍保留原值 1,600');

    // A valid value elsewhere syncs; the two cells keep what the server had.
    await typeInto(page, '2050', '701');
    await expect.poll(() => serverValue('2050'), { timeout: 10_000 }).toBe(701);
    expect(await serverValue('2010')).toBe(1082.07);
    expect(await serverValue('2080')).toBe(1600);
    await saveScreenshot(page, 'filing-draft-invalid-input');

    await typeInto(page, '2010', '1100');
    await expect.poll(() => serverValue('2010'), { timeout: 10_000 }).toBe(1100);
    // The mark of the text goes (aria-invalid now follows the audit's 必改错误 of the cell, which 1100 may break).
    expect(await page.locator('#cell-monthly-2010-invalid').count()).toBe(0);
    expect((await cell(page, '2010').getAttribute('aria-describedby')) ?? '').not.toContain(
      'cell-monthly-2010-invalid',
    );
    await context.close();
  });

  it('merges two tabs of one filer cell by cell: "mine" overwrites only the cells both changed', async () => {
    const first = await openFiling(
      await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password)),
    );
    const second = await openFiling(
      await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password)),
    );
    const before = await serverFiling();
    const untouched = before.values.monthly?.['2110'];

    // The second tab changes 2080 and 2022 and saves.
    await typeInto(second, '2080', '1650');
    await typeInto(second, '2022', '420');
    await expect.poll(() => serverValue('2022'), { timeout: 10_000 }).toBe(420);
    await expect.poll(() => serverValue('2080'), { timeout: 10_000 }).toBe(1650);

    // The first tab, still on the old version, changes 2022 too, and 2023.
    await typeInto(first, '2022', '430');
    await typeInto(first, '2023', '88');
    const conflict = first.getByTestId('conflict-alert');
    await expect.poll(() => conflict.isVisible(), { timeout: 10_000 }).toBe(true);
    // Only the cell both changed is asked about, mine beside theirs.
    expect(await conflict.locator('tr[data-conflict]').count()).toBe(1);
    const row = conflict.locator('tr[data-conflict="2022"]');
    expect(await row.locator('.conflict-mine').textContent()).toBe('430');
    expect(await row.locator('.conflict-theirs').textContent()).toBe('420');
    // The cell only the other tab changed is merged in already.
    await expect.poll(() => shownNumber(first, '2080')).toBe(1650);
    await saveScreenshot(first, 'filing-draft-conflict');

    await conflict.getByRole('button', { name: '以我的数据覆盖' }).click();
    await expect.poll(() => serverValue('2022'), { timeout: 10_000 }).toBe(430);
    const after = await serverFiling();
    expect(after.values.monthly?.['2023']).toBe(88);
    // The other tab's 2080 is not reverted to 1600, and what neither touched is as it was.
    expect(after.values.monthly?.['2080']).toBe(1650);
    expect(after.values.monthly?.['2110']).toBe(untouched);
    await expect.poll(() => conflict.count()).toBe(0);
  });

  it('fits a phone: no sideways page scroll, and each indicator name stays beside its input', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      isMobile: true,
      hasTouch: true,
    });
    const session = await apiSignIn(baseUrl, filer.username, filer.password);
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: baseUrl }]);
    const page = await openFiling(context);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const code of ['2010', '2110']) {
      await cell(page, code).scrollIntoViewIfNeeded();
      const input = (await cell(page, code).boundingBox())!;
      const label = (await page.locator(`tr[data-row="${code}"] td.filing-td-name`).boundingBox())!;
      // Both on screen, the name to the left of its input.
      expect(label.x).toBeGreaterThanOrEqual(0);
      expect(label.x + label.width).toBeLessThanOrEqual(input.x + 1);
      expect(input.x + input.width).toBeLessThanOrEqual(390);
    }
    await typeInto(page, '2110', '67');
    await expect.poll(() => serverValue('2110'), { timeout: 10_000 }).toBe(67);
    await saveScreenshot(page, 'filing-draft-phone');
    await context.close();
  });

  it('writes once when the network drops after the server took a save: no duplicate, nothing lost', async () => {
    const context = await newContext(browser, await apiSignIn(baseUrl, filer.username, filer.password));
    const page = await openFiling(context);
    const before = await serverFiling();
    let isDropped = false;
    // The save reaches the server, its answer never reaches the browser.
    await page.route(`**/api/enterprise/tasks/${taskId}/filing`, async (route) => {
      if (route.request().method() !== 'PUT' || isDropped) return route.continue();
      isDropped = true;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await typeInto(page, '2023', '99');
    await expect
      .poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 })
      .toMatch(/^草稿已保存/);
    const after = await serverFiling();
    expect(after.values.monthly?.['2023']).toBe(99);
    expect(after.version).toBe((before.version ?? 0) + 1);
    expect(isDropped).toBe(true);
    await context.close();
  });
});
