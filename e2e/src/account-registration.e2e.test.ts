import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { apiSignIn, launchBrowser, readCaptchaAnswer, readSmsCode, saveScreenshot } from './browser.ts';

const baseUrl = inject('baseUrl');
const run = Date.now().toString(36);
let serial = 0;

function freshMobile(): string {
  serial += 1;
  return `135${String((Date.now() + serial * 7919) % 1e8).padStart(8, '0')}`;
}

/** A directory enterprise's USCC, as the district administrator sees it. */
async function usccOf(name: string): Promise<string> {
  const admin = await apiSignIn(baseUrl, 'nanshan', demoPassword);
  const response = await fetch(`${baseUrl}/api/admin/enterprises?keyword=${encodeURIComponent(name)}`, {
    headers: { cookie: admin.cookie },
  });
  const { items } = (await response.json()) as { items: Array<{ uscc: string; name: string }> };
  return items.find((item) => item.name === name)!.uscc;
}

function withWrongCheckDigit(id: string): string {
  return id.slice(0, 17) + (id.at(-1) === '1' ? '2' : '1');
}

const validId = '440305199003071236';
const tmp = path.resolve(import.meta.dirname, '../../test-results/uploads');

async function writeUpload(name: string, content: Buffer): Promise<string> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(tmp, { recursive: true });
  const file = path.join(tmp, name);
  await writeFile(file, content);
  return file;
}

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const exe = (() => {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
})();

/** 注册: fills the form, solves the captcha, gets the texted code, and lands on 实名认证. */
async function registerThroughForm(page: Page, username: string, mobile: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole('link', { name: '立即注册' }).click();
  await page.waitForURL((url) => url.pathname === '/register');
  // The form is settled once its captcha has loaded.
  const captchaAnswer = await readCaptchaAnswer(page, baseUrl);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('Regist@2026');
  await page.locator('#confirmPassword').fill('Regist@2026');
  await page.locator('#mobile').fill(mobile);
  await page.locator('#captchaAnswer').fill(captchaAnswer);
  await page.getByTestId('send-sms-code').click();
  await page.getByTestId('sms-sent').waitFor();
  await page.locator('#smsCode').fill(await readSmsCode(baseUrl, { mobile }));
  await saveScreenshot(page, 'account-register');
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname === '/account/verify');
}

async function fillCaptcha(page: Page): Promise<void> {
  await page.locator('#captchaAnswer').fill(await readCaptchaAnswer(page, baseUrl));
}

async function submitVerification(page: Page): Promise<void> {
  await page.locator('button[type=submit]').click();
}

describe('registration, real-name verification and binding in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('walks the 自然人 registration with wrong inputs, then binds and reaches the tasks', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    try {
      await registerThroughForm(page, `ziran${run}`, freshMobile());

      await page.locator('#realName').fill('王小明');
      await page.locator('#idNumber').fill(withWrongCheckDigit(validId));
      await page.locator('#contactAddress').fill('海淀区中关村东路66号');
      await page.locator('#validFrom').fill('2015-01-05');
      await page.locator('#validUntil').fill('2035-01-05');
      await page.locator('#identityDocument').setInputFiles(await writeUpload('身份证正反面扫描件.pdf', pdf));
      await fillCaptcha(page);
      await page.locator('#declaration').check();
      await saveScreenshot(page, 'account-verify');
      await submitVerification(page);
      await expect.poll(() => page.getByText('公民身份号码校验码应为“6”,实为“1”').count()).toBeGreaterThan(0);

      // The check digit fixed, but the "pdf" is a renamed .exe.
      await page.locator('#idNumber').fill(validId);
      await page.locator('#identityDocument').setInputFiles(await writeUpload('身份证.pdf', exe));
      await fillCaptcha(page);
      await submitVerification(page);
      await expect
        .poll(() => page.getByText('的内容不是 PDF、JPG 或 PNG 文件（检测到的实际格式为 EXE）').count())
        .toBeGreaterThan(0);

      await page.locator('#identityDocument').setInputFiles(await writeUpload('身份证正反面扫描件.pdf', pdf));
      await fillCaptcha(page);
      await submitVerification(page);
      await page.waitForURL((url) => url.pathname === '/account/bind');

      const uscc = await usccOf('深圳前海云帆信息技术有限公司');
      await page.locator('#uscc').fill(uscc);
      await page.locator('#enterpriseName').fill('深圳前海云帆信息技术有限公司');
      await page.locator('#legalRepresentative').fill('张三');
      await page.locator('button[type=submit]').click();
      await expect
        .poll(() => page.getByText('法定代表人姓名与名录库登记的不一致').count())
        .toBeGreaterThan(0);
      await page.locator('#legalRepresentative').fill('周晓峰');
      await saveScreenshot(page, 'account-bind');
      await page.locator('button[type=submit]').click();
      await expect.poll(() => page.getByText('已绑定：深圳前海云帆信息技术有限公司').count()).toBe(1);
      await page.getByRole('button', { name: /^确\s?定$/ }).click();
      await page.waitForURL((url) => url.pathname === '/enterprise/tasks');
      await expect.poll(() => page.getByTestId('user-menu').textContent()).toContain('王小明');
    } finally {
      await page.close();
    }
  });

  it('walks the 法人 registration and refuses a second 法人 account for the same enterprise', async () => {
    const enterprise = '深圳市科兴智联科技有限公司';
    const uscc = await usccOf(enterprise);
    const fillLegal = async (page: Page) => {
      await page.getByText('法人', { exact: true }).click();
      await page.locator('#organizationType').click();
      await page.getByTitle('境内企业').click();
      await page.locator('#uscc').fill(uscc);
      await page.locator('#organizationName').fill(enterprise);
      await page.locator('#legalPersonType').click();
      await page.getByTitle('企业法人').click();
      await page.locator('#legalRepresentativeName').fill('林嘉欣');
      await page.locator('#legalRepresentativeIdNumber').fill('110105198512010026');
      await page.locator('#contactAddress').fill('深圳市南山区科技园');
      await page.locator('#validFrom').fill('2016-05-01');
      await page.locator('#isPermanent').check();
      await page.locator('#identityDocument').setInputFiles(await writeUpload('法定代表人身份证.pdf', pdf));
      await page.locator('#businessLicense').setInputFiles(await writeUpload('营业执照.pdf', pdf));
      await fillCaptcha(page);
      await page.locator('#declaration').check();
    };

    const first = await browser.newPage({ viewport: { width: 1366, height: 1100 } });
    try {
      await registerThroughForm(first, `faren${run}`, freshMobile());
      await fillLegal(first);
      await saveScreenshot(first, 'account-verify-legal-person');
      await submitVerification(first);
      await first.waitForURL((url) => url.pathname === '/account/bind');
      await first.locator('#uscc').fill(uscc);
      await first.locator('#enterpriseName').fill(enterprise);
      await first.locator('#legalRepresentative').fill('林嘉欣');
      await first.locator('button[type=submit]').click();
      await expect.poll(() => first.getByText(`已绑定：${enterprise}`).count()).toBe(1);
    } finally {
      await first.close();
    }

    const second = await browser.newPage({ viewport: { width: 1366, height: 1100 } });
    try {
      await registerThroughForm(second, `faren2${run}`, freshMobile());
      await fillLegal(second);
      await submitVerification(second);
      await expect
        .poll(() => second.getByText('已注册过法人账号。一个企业只能有一个法人账号').first().count())
        .toBeGreaterThan(0);
      await saveScreenshot(second, 'account-verify-duplicate-legal-person');
      expect(new URL(second.url()).pathname).toBe('/account/verify');
    } finally {
      await second.close();
    }
  });
});
