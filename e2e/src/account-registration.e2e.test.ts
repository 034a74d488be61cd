import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import {
  apiSignIn,
  launchBrowser,
  logInThroughForm,
  readCaptchaAnswer,
  readSmsCode,
  saveScreenshot,
} from './browser.ts';
import { callAs, requestBinding, type Session } from './enterprise-account.ts';
import { samplePdf } from './sample-documents.ts';

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

const pdf = await samplePdf('ID card scan');
/** What once passed as a scan: bytes that start like a PDF and are nothing. */
const fakePdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(36, 0x20)]);
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

      const enterprise = '深圳市鹏程网络安全技术有限公司';
      const uscc = await usccOf(enterprise);
      await page.locator('#uscc').fill(uscc);
      await page.locator('#enterpriseName').fill(enterprise);
      await page.locator('#legalRepresentative').fill('张三');
      await page.locator('#businessLicense').setInputFiles(await writeUpload('营业执照.pdf', pdf));
      await page.locator('#authorizationLetter').setInputFiles(await writeUpload('授权委托书.pdf', fakePdf));
      await page.locator('button[type=submit]').click();
      // A fake scan is refused by parsing it, naming the field.
      await expect.poll(() => page.getByText('无法作为扫描件受理').count()).toBeGreaterThan(0);
      await page
        .locator('#authorizationLetter')
        .setInputFiles(await writeUpload('授权委托书.pdf', await samplePdf('Letter of authorization')));
      await page.locator('button[type=submit]').click();
      // One answer for any mismatch: it does not say that the legal representative was the wrong field.
      await expect
        .poll(() => page.getByText('填写的企业信息与企业名录库登记的不一致').count())
        .toBeGreaterThan(0);
      await page.locator('#legalRepresentative').fill('吴海涛');
      await saveScreenshot(page, 'account-bind');
      await page.locator('button[type=submit]').click();
      await expect
        .poll(() => page.getByTestId('binding-pending').textContent())
        .toBe('绑定申请已提交，等待审核');
      await saveScreenshot(page, 'account-bind-pending');
      // Nothing of the enterprise opens while the request waits.
      await page.goto(`${baseUrl}/enterprise/tasks`);
      await page.waitForURL((url) => url.pathname === '/account/bind');

      // The district administrator reviews the request in 绑定审核 and approves it.
      const admin = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
      try {
        await logInThroughForm(admin, baseUrl, 'nanshan', demoPassword);
        await admin.waitForURL((url) => url.pathname === '/admin');
        await admin.getByRole('link', { name: '绑定审核' }).first().click();
        await admin.waitForURL((url) => url.pathname === '/admin/binding-review');
        await admin.getByTestId('binding-review-queue').getByText(enterprise).waitFor();
        await admin.getByTestId('open-binding-review').first().click();
        await admin.getByTestId('binding-review-detail').getByText('王小明').waitFor();
        expect(await admin.getByTestId('binding-document-authorization_letter').count()).toBe(1);
        await saveScreenshot(admin, 'admin-binding-review');
        await admin.getByTestId('approve-binding').click();
        await expect.poll(() => admin.getByText('已通过，申请人已绑定企业').count()).toBeGreaterThan(0);
      } finally {
        await admin.close();
      }

      await page.getByRole('button', { name: '刷新审核状态' }).click();
      await expect.poll(() => page.getByText(`已绑定：${enterprise}`).count()).toBe(1);
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
      await expect.poll(() => first.getByTestId('binding-pending').count()).toBe(1);
      // A 法人 claim is reviewed by the district; until then a second claim is not refused (no squatting).
      const county = await apiSignIn(baseUrl, 'nanshan', demoPassword);
      const queue = await callAs<{ items: Array<{ id: string; enterprise: { name: string } }> }>(
        county,
        'GET',
        '/api/admin/binding-requests',
      );
      const claim = queue.items.find((item) => item.enterprise.name === enterprise)!;
      await callAs(county, 'POST', `/api/admin/binding-requests/${claim.id}/decision`, {
        decision: 'approve',
      });
      await first.getByRole('button', { name: '刷新审核状态' }).click();
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

  it('lets the enterprise account manager approve a colleague in 企业账号', async () => {
    const enterprise = { name: '深圳市蓝海数智软件有限公司', legalRepresentative: '陈志远' };
    const uscc = await usccOf(enterprise.name);
    const colleague = await registeredNaturalPerson('赵丽');
    const request = await requestBinding(colleague, { ...enterprise, uscc });
    expect(request).toMatchObject({ status: 'pending', reviewer: 'manager' });

    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    try {
      await logInThroughForm(page, baseUrl, 'qiye', demoPassword);
      await page.waitForURL((url) => url.pathname === '/enterprise');
      await page.goto(`${baseUrl}/enterprise/profile`);
      await page.getByRole('tab', { name: '企业账号' }).click();
      const pending = page.getByTestId('pending-binding-requests');
      await pending.getByText('赵丽').waitFor();
      await saveScreenshot(page, 'account-manager-binding-requests');
      await pending.getByRole('button', { name: '通过', exact: true }).click();
      await expect.poll(() => page.getByText('已通过，该账号已绑定本企业').count()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
    const session = await callAs<{ user: { enterprise: { name: string } | null } }>(
      colleague,
      'GET',
      '/api/session',
    );
    expect(session.user.enterprise?.name).toBe(enterprise.name);
  });
});

/** A registered account with its 实名认证 as a 自然人 submitted, through the API. */
async function registeredNaturalPerson(realName: string): Promise<Session> {
  const mobile = freshMobile();
  const captcha = async () => {
    const created = (await (await fetch(`${baseUrl}/api/captchas`, { method: 'POST' })).json()) as {
      captchaId: string;
    };
    const answer = (await (await fetch(`${baseUrl}/api/dev/captchas/${created.captchaId}`)).json()) as {
      answer: string;
    };
    return { captchaId: created.captchaId, captchaAnswer: answer.answer };
  };
  await fetch(`${baseUrl}/api/registration/sms-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mobile, ...(await captcha()) }),
  });
  const registered = await fetch(`${baseUrl}/api/registration`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: `tongshi${run}`,
      password: 'Regist@2026',
      mobile,
      smsCode: await readSmsCode(baseUrl, { mobile }),
    }),
  });
  const who: Session = {
    cookie: (registered.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrfToken: ((await registered.json()) as { csrfToken: string }).csrfToken,
  };
  const form = new FormData();
  const fields = {
    accountType: 'natural_person',
    realName,
    idType: 'resident_id',
    idNumber: '110105198512010026',
    contactAddress: '深圳市南山区科技园',
    validFrom: '2015-01-05',
    validUntil: '2035-01-05',
    declaration: 'true',
    ...(await captcha()),
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('identityDocument', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), '身份证.pdf');
  const verified = await fetch(`${baseUrl}/api/account/verification`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    body: form,
  });
  if (!verified.ok) throw new Error(`verification: ${await verified.text()}`);
  return who;
}
