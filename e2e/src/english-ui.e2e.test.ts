import { getEdition, listCells } from '@zhibao/survey';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts, demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs } from './enterprise-account.ts';
import { publishMinistryTask } from './journey.ts';

const baseUrl = inject('baseUrl');
const han = /\p{Script=Han}/u;

/**
 * What may stay Chinese in English: the survey's own names (indicators, sections, forms, table numbers, column
 * heads, units, code lists) — the definitions carry no English — and the data people typed: enterprises, regions, tasks,
 * people, reasons.
 */
function surveyNames(): string[] {
  const edition = getEdition();
  const codeLabels = edition.codeLists.flatMap((list) => list.entries.map((entry) => entry.label));
  return codeLabels.concat(
    edition.forms.flatMap((form) => [
      form.name,
      form.tableNo,
      form.unitNote,
      ...form.labelColumns,
      ...form.columns.map((column) => column.name),
      ...form.rows.map((row) => row.name),
      ...listCells(form).flatMap((cell) => [cell.name, cell.unit ?? '']),
      ...(form.grid
        ? [...form.grid.rows.map((row) => row.name), ...form.grid.columns.map((column) => column.name)]
        : []),
    ]),
  );
}

/** The visible text of a page (or part of it) with every allowed name taken out (longest first), and what Chinese is left. */
async function chineseLeftOn(page: Page | Locator, data: string[]): Promise<string[]> {
  const text = await ('locator' in page && 'goto' in page ? page.locator('body') : page).innerText();
  const allowed = [...new Set([...surveyNames(), ...data])].filter((name) => han.test(name));
  allowed.sort((a, b) => b.length - a.length);
  return text
    .split('\n')
    .map((line) => allowed.reduce((rest, name) => rest.replaceAll(name, ''), line))
    .filter((line) => han.test(line));
}

async function openInEnglish(browser: Browser, username: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
  await page.addInitScript(() => window.localStorage.setItem('zhibao.language', 'en-US'));
  await logInThroughForm(page, baseUrl, username, demoPassword);
  return page;
}

/**
 * Names of the data as the server has them: the signed-in user, their region (also without its city, as the
 * header writes it) and enterprise, the demo accounts, the enterprise's tasks, the 通知公告 it reaches; and 中文, the language switch's
 * name of Chinese, written in Chinese as language names are.
 */
async function dataNames(page: Page): Promise<string[]> {
  const fromServer = await page.evaluate(async () => {
    const session = (await (await fetch('/api/session')).json()) as {
      user?: { displayName: string; region: { name: string }; enterprise: { name: string } | null };
    };
    const tasks = await fetch('/api/enterprise/tasks');
    const items = tasks.ok ? ((await tasks.json()) as { items: Array<{ taskName: string }> }).items : [];
    // 通知公告 are the administrators' words, shown as they wrote them.
    const announcements = await fetch('/api/announcements');
    const published = announcements.ok
      ? ((await announcements.json()) as { items: Array<{ title: string; body: string }> }).items
      : [];
    return [
      session.user?.displayName ?? '',
      session.user?.region.name ?? '',
      session.user?.enterprise?.name ?? '',
      ...items.map((task) => task.taskName),
      ...published.flatMap((announcement) => [announcement.title, announcement.body]),
    ];
  });
  const people = demoAccounts.flatMap((account) => [account.displayName, account.regionName]);
  const names = [...fromServer, ...people];
  return ['中文', ...names, ...names.map((name) => name.replace(/^.+?市(?=.)/, ''))];
}

describe('the English interface in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('shows the enterprise home, the task list and the filing form without Chinese beyond names and data', async () => {
    const page = await openInEnglish(browser, 'qiye');
    try {
      await page.waitForURL((url) => url.pathname === '/enterprise');
      await page.waitForLoadState('networkidle');
      const data = await dataNames(page);
      await expect.poll(() => page.getByTestId('page-title').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'english-enterprise-home');
      expect(await chineseLeftOn(page, data)).toEqual([]);

      await page.goto(`${baseUrl}/enterprise/tasks`);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'english-my-tasks');
      expect(await chineseLeftOn(page, data)).toEqual([]);

      const taskId = await page.evaluate(async () => {
        const tasks = (await (await fetch('/api/enterprise/tasks')).json()) as {
          items: Array<{ taskId: string; periodType: string }>;
        };
        return tasks.items.find((task) => task.periodType === 'month')?.taskId;
      });
      await page.goto(`${baseUrl}/enterprise/tasks/${taskId}/filing`);
      await page.waitForLoadState('networkidle');
      // The draft opens from this browser's store after the network is idle: more than a second on a busy machine.
      await expect.poll(() => page.locator('#cell-monthly-2010').count(), { timeout: 15_000 }).toBe(1);
      await saveScreenshot(page, 'english-filing-form');
      // The audit rules' own words stay Chinese, as the survey writes them (other journeys may have left this
      // filing with findings): the server's audit of the same values names them.
      const ruleWords = await page.evaluate(async (id) => {
        const view = (await (await fetch(`/api/enterprise/tasks/${id}/filing`)).json()) as {
          findings: Array<{ message: string }>;
        };
        return view.findings.map((finding) => finding.message);
      }, taskId);
      expect(await chineseLeftOn(page, [...data, ...ruleWords])).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('writes the system’s notices to an enterprise in English, the administrator’s words as written (issue 16)', async () => {
    // 南山区 reminds 蓝海 of a task of its own and extends its deadline, each with words of its own.
    const task = await publishMinistryTask({
      period: '2033-05',
      name: '[部级]英文消息测试月报2033年05月',
      scopeRegionCodes: ['440305'],
    });
    const county = await apiSignIn(baseUrl, 'nanshan', demoPassword);
    const qiye = await apiSignIn(baseUrl, 'qiye', demoPassword);
    const session = await callAs<{ user: { enterprise: { id: string; name: string } } }>(
      qiye,
      'GET',
      '/api/session',
    );
    const enterprise = session.user.enterprise;
    const words = { reminder: '月底前请务必上报', extension: '企业财务系统升级' };
    await callAs(county, 'POST', '/api/admin/completeness/reminders', {
      taskId: task.id,
      enterpriseIds: [enterprise.id],
      message: words.reminder,
    });
    await callAs(county, 'POST', `/api/admin/tasks/${task.id}/extensions`, {
      enterpriseId: enterprise.id,
      until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      reason: words.extension,
    });

    const page = await openInEnglish(browser, 'qiye');
    try {
      await page.waitForURL((url) => url.pathname === '/enterprise');
      await page.goto(`${baseUrl}/enterprise/messages`);
      const notices = page.getByTestId('notice-item').filter({ hasText: task.name });
      await expect.poll(() => notices.count(), { timeout: 15_000 }).toBe(2);
      await saveScreenshot(page, 'english-messages');
      const data = [...(await dataNames(page)), task.name, words.reminder, words.extension, '深圳市南山区'];
      for (const notice of await notices.all()) expect(await chineseLeftOn(notice, data)).toEqual([]);
      expect(await notices.first().innerText()).toMatch(/Reason|Note/);
    } finally {
      await page.close();
    }
  });

  it('shows the review queue and a filing under review without Chinese beyond names and data', async () => {
    const page = await openInEnglish(browser, 'nanshan');
    try {
      await page.waitForURL((url) => url.pathname === '/admin');
      await page.goto(`${baseUrl}/admin/review`);
      await page.waitForLoadState('networkidle');
      const queue = await page.evaluate(async () => {
        const response = await fetch('/api/admin/review/queue');
        return (await response.json()) as {
          items: Array<{ filingId: string; enterpriseName: string; taskName: string }>;
        };
      });
      const names = await dataNames(page);
      const data = [...names, ...queue.items.flatMap((item) => [item.enterpriseName, item.taskName])];
      // The check is of a page that shows its content, not of an error page: the queue of the task the page
      // chose shows one of the region's waiting filings (other journeys' tasks may come first in the API's list).
      const shownItem = async () => {
        for (const item of queue.items) {
          if ((await page.getByRole('link', { name: item.enterpriseName }).count()) > 0) return item;
        }
        return undefined;
      };
      await expect.poll(shownItem, { timeout: 15_000 }).toBeDefined();
      const shown = (await shownItem())!;
      await saveScreenshot(page, 'english-review-queue');
      expect(await chineseLeftOn(page, data)).toEqual([]);

      // A filing under review: its enterprise's data, and the audit rules' own words (the survey's, like its
      // indicator names), may stay Chinese.
      const filingId = shown.filingId;
      const detail = await page.evaluate(async (id) => {
        const response = await fetch(`/api/admin/review/filings/${id}`);
        return (await response.json()) as {
          enterprise: { name: string; regionName: string };
          findings: Array<{ message: string; explanation: string | null }>;
          revisions: Array<{ submittedBy: string | null }>;
        };
      }, filingId);
      const detailData = [
        detail.enterprise.name,
        detail.enterprise.regionName,
        ...detail.findings.flatMap((finding) => [finding.message, finding.explanation ?? '']),
        ...detail.revisions.map((revision) => revision.submittedBy ?? ''),
      ];
      await page.goto(`${baseUrl}/admin/review/${filingId}`);
      await page.waitForLoadState('networkidle');
      await expect.poll(() => page.getByText(detail.enterprise.name).count()).toBeGreaterThan(0);
      await saveScreenshot(page, 'english-review-filing');
      expect(await chineseLeftOn(page, [...data, ...detailData])).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
