import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccounts } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { findAccessibilityViolations } from './accessibility.ts';
import { launchBrowser, logInThroughForm } from './browser.ts';

// Every page a person can reach, for every demo role, checked by axe-core against WCAG 2.1 A and AA
// (GB/T 37668): any violation fails, named with the rule and the element.

const baseUrl = inject('baseUrl');
type Language = 'zh-CN' | 'en-US';

// Each page in Chinese and in English: the English interface has its own words, widths and wraps.
const languages: Language[] = ['zh-CN', 'en-US'];

const publicPages = ['/login', '/forgot-password', '/register', '/dev/sms-outbox'];
/** The pages the signed-in person's main navigation links to: every menu entry their role has, new ones too. */
async function menuPages(page: Page): Promise<string[]> {
  const navigation = page.locator('nav.app-nav a[href]');
  await navigation.first().waitFor();
  const hrefs = await navigation.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  return [...new Set(hrefs)];
}

/** The first link on the page whose address matches, e.g. a filing of the list: the pages behind the lists. */
async function firstLinkMatching(page: Page, pattern: RegExp): Promise<string | null> {
  const hrefs = await page
    .locator('a[href]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
  return hrefs.find((href) => pattern.test(href)) ?? null;
}

/** A desktop page in the interface language given (the English one is chosen as its switch remembers it). */
async function newPage(browser: Browser, language: Language): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  if (language === 'en-US') {
    await page.addInitScript(() => window.localStorage.setItem('zhibao.language', 'en-US'));
  }
  return page;
}

async function violationsOf(page: Page, url: string): Promise<string[]> {
  await page.goto(`${baseUrl}${url}`);
  return (await findAccessibilityViolations(page)).map((violation) => `${url}: ${violation}`);
}

describe('accessibility of every page (axe-core, WCAG 2.1 AA)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(languages)('has no violation on the pages before login (%s)', async (language) => {
    const page = await newPage(browser, language);
    try {
      const found: string[] = [];
      for (const url of publicPages) found.push(...(await violationsOf(page, url)));
      expect(found).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('switches 适老化 on in one click (larger type, taller controls), remembers it, and passes the same check', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await page.goto(`${baseUrl}/login`);
      const fontSize = () =>
        page.locator('#username').evaluate((input) => parseFloat(getComputedStyle(input).fontSize));
      const height = () =>
        page.locator('#username').evaluate((input) => input.getBoundingClientRect().height);
      const [normalSize, normalHeight] = [await fontSize(), await height()];
      await page.getByTestId('senior-mode').click();
      await expect.poll(fontSize).toBeGreaterThanOrEqual(normalSize + 2);
      expect(await height()).toBeGreaterThan(normalHeight);
      expect(await page.getByTestId('senior-mode').getAttribute('aria-pressed')).toBe('true');
      await page.reload();
      await expect.poll(fontSize).toBeGreaterThanOrEqual(normalSize + 2);
      expect(await violationsOf(page, '/login')).toEqual([]);
      await page.getByTestId('senior-mode').click();
      await expect.poll(fontSize).toBe(normalSize);
    } finally {
      await page.close();
    }
  });

  it.each(
    languages.flatMap((language) =>
      demoAccounts.map((account) => [account.username, language, account] as const),
    ),
  )(
    'has no violation on any page %s reaches (%s)',
    { timeout: 300_000 },
    async (_username, language, account) => {
      const page = await newPage(browser, language);
      try {
        await logInThroughForm(page, baseUrl, account.username, account.password);
        const home = account.role === 'enterprise' ? '/enterprise' : '/admin';
        await page.waitForURL((url) => url.pathname === home);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
        const found: string[] = [];
        const pages = await menuPages(page);
        expect(pages.length).toBeGreaterThan(5);
        for (const url of pages) {
          found.push(...(await violationsOf(page, url)));
          // The pages behind the lists: a filing form, a filing, a filing under review.
          const detail =
            url === '/enterprise/tasks'
              ? await firstLinkMatching(page, /^\/enterprise\/tasks\/[^/]+\/filing/)
              : url === '/enterprise/filings'
                ? await firstLinkMatching(page, /^\/enterprise\/filings\/[^/]+$/)
                : url === '/admin/review'
                  ? await firstLinkMatching(page, /^\/admin\/review\/[^/]+$/)
                  : null;
          if (detail) found.push(...(await violationsOf(page, detail)));
        }
        expect(found).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
