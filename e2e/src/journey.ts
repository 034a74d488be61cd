import type { Browser, Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, logInThroughForm } from './browser.ts';
import { callAs, type Session } from './enterprise-account.ts';

const baseUrl = inject('baseUrl');

export type Values = Record<string, Record<string, number | string | null>>;

/**
 * A monthly task the ministry publishes for the given districts alone, open since yesterday for a week, so a
 * journey touches no demo filing.
 */
export async function publishMinistryTask(task: {
  period: string;
  name: string;
  scopeRegionCodes: string[];
}): Promise<{ id: string; name: string }> {
  const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
  const now = Date.now();
  return callAs<{ id: string; name: string }>(ministry, 'POST', '/api/admin/tasks', {
    periodType: 'month',
    ...task,
    opensAt: new Date(now - 86_400_000).toISOString(),
    closesAt: new Date(now + 7 * 86_400_000).toISOString(),
  });
}

/** The 统一社会信用代码 of a directory enterprise, found by name with an administrator's session. */
export async function directoryUscc(administrator: Session, name: string): Promise<string> {
  const directory = await callAs<{ items: Array<{ name: string; uscc: string }> }>(
    administrator,
    'GET',
    `/api/admin/enterprises?keyword=${encodeURIComponent(name)}&page=1&pageSize=10`,
  );
  const uscc = directory.items.find((item) => item.name === name)?.uscc;
  if (!uscc) throw new Error(`${name} is not in the demo directory`);
  return uscc;
}

/** 上报 through the API, explaining any 严重警告 as a filer would. */
export async function submitThroughApi(who: Session, taskId: string, values: Values): Promise<void> {
  const path = `/api/enterprise/tasks/${taskId}/filing/submit`;
  try {
    await callAs(who, 'POST', path, { version: null, values, explanations: {} });
  } catch (error) {
    const names = [...String(error).matchAll(/"name":"explanations\.([^"]+)"/g)].map((match) => match[1]!);
    if (names.length === 0) throw error;
    const explanations = Object.fromEntries(names.map((name) => [name, '业务确有变化']));
    await callAs(who, 'POST', path, { version: null, values, explanations });
  }
}

/** A desktop page in Chinese, China time, signed in through the form as a demo account. */
export async function signedInPage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await logInThroughForm(page, baseUrl, username, demoPassword);
  await page.waitForURL((url) => url.pathname === '/admin' || url.pathname === '/enterprise');
  return page;
}

/** Picks a task in the review screens' task selector by typing its name. */
export async function chooseTask(page: Page, taskName: string) {
  await page.locator('#task-select').click();
  await page.locator('#task-select').fill(taskName);
  await page.locator('.ant-select-item-option', { hasText: taskName }).first().click();
}

// Ant Design spaces two-character labels (免 报); either spelling is the same button.
export const button = (scope: Page | Locator, name: string) =>
  scope
    .getByRole('button', { name: [...name].join(' ') })
    .or(scope.getByRole('button', { name }))
    .first();
