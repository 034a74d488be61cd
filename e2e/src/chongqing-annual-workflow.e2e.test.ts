import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildUscc, codeLabel, createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPassword } from '../../apps/server/src/db/seed/demo-accounts.ts';
import { importColumns } from '../../apps/server/src/enterprise/enterprise-workbook.ts';
import { apiSignIn, launchBrowser, logInThroughForm, saveScreenshot } from './browser.ts';
import { callAs, enterpriseAccount, type Session } from './enterprise-account.ts';

const baseUrl = inject('baseUrl');
const patiently = { timeout: 15_000 };

// Ant Design spaces two-character labels (免 报); either spelling is the same button.
const button = (scope: Page | Locator, name: string) =>
  scope
    .getByRole('button', { name: [...name].join(' ') })
    .or(scope.getByRole('button', { name }))
    .first();

async function pageOf(browser: Browser, username: string, password = demoPassword): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await logInThroughForm(page, baseUrl, username, password);
  await page.waitForURL((url) => url.pathname === '/admin' || url.pathname.startsWith('/enterprise'));
  return page;
}

async function chooseTask(page: Page, taskName: string) {
  await page.locator('#task-select').click();
  await page.locator('#task-select').fill(taskName);
  await page.locator('.ant-select-item-option', { hasText: taskName }).first().click();
}

/** 上报 of an annual report through the API, explaining whatever warnings the sample raises. */
async function fileAnnual(filer: Session, taskId: string, seed: number) {
  const values = createSampleFiling(getEdition(), { periodType: 'year', seed, scale: 1 });
  const submit = `/api/enterprise/tasks/${taskId}/filing/submit`;
  // An extension may have started the filing (an empty draft carrying the enterprise's deadline).
  const { version } = await callAs<{ version: number | null }>(
    filer,
    'GET',
    `/api/enterprise/tasks/${taskId}/filing`,
  );
  try {
    await callAs(filer, 'POST', submit, { version, values, explanations: {} });
  } catch (error) {
    const names = [...String(error).matchAll(/"name":"explanations\.([^"]+)"/g)].map((match) => match[1]!);
    if (names.length === 0) throw error;
    const explanations = Object.fromEntries(names.map((name) => [name, '业务确有变化']));
    await callAs(filer, 'POST', submit, { version, values, explanations });
  }
  return (await callAs<{ filingId: string }>(filer, 'GET', `/api/enterprise/tasks/${taskId}/filing`))
    .filingId;
}

interface Completeness {
  totals: { expected: number };
  enterprises: Array<{ enterpriseId: string; name: string }>;
}

/**
 * Issue 17, done when: Chongqing's annual report walked through the screens — 企业填报 → 区县审核汇总上报至市 →
 * 市审核 — with 江北区 (no administrator: the city takes its review over), a directory import after a period
 * closed (the closed period keeps its 应报), 渝北区's pass-up refused while a filing is unapproved and accepted
 * after an excusal, a late filing after the pass-up (the city is told), an extension for a whole district and a
 * reminder read in the enterprise's app. The task is scoped to 渝北 and 江北; the enterprises it names are this
 * journey's own, and the other obligations of record are excused first so other journeys' enterprises don't count.
 */
describe('Chongqing’s annual workflow (issue 17)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('walks the year from filing to the city’s review, with every hold-up of the deadline', async () => {
    const yubei = await apiSignIn(baseUrl, 'yubei', demoPassword);
    const chongqing = await apiSignIn(baseUrl, 'chongqing', demoPassword);
    const ministry = await apiSignIn(baseUrl, 'miit', demoPassword);
    const listed = async (who: Session, name: string, regionCode: string, subject: string) => {
      const uscc = buildUscc({ authority: '9', kind: '1', division: regionCode, subject });
      const created = await callAs<{ id: string }>(who, 'POST', '/api/admin/enterprises', {
        uscc,
        name,
        regionCode,
        legalRepresentative: '周年报',
        industryCode: '6513',
        mainRevenue: 5000,
        softwareRevenue: 4000,
        isKeyEnterprise: true,
      });
      return { id: created.id, name, uscc, legalRepresentative: '周年报' };
    };
    const filed = await listed(yubei, '渝北年报按时软件有限公司', '500112', 'CQAW0E01');
    const late = await listed(yubei, '渝北年报迟报软件有限公司', '500112', 'CQAW0E02');
    const jiangbei = await listed(chongqing, '江北年报软件有限公司', '500105', 'CQAW0E03');

    const now = Date.now();
    const task = await callAs<{ id: string; name: string }>(ministry, 'POST', '/api/admin/tasks', {
      periodType: 'year',
      period: '2033',
      name: '[部级]重庆年报走查2033年',
      scopeRegionCodes: ['500112', '500105'],
      opensAt: new Date(now - 86_400_000).toISOString(),
      closesAt: new Date(now + 7 * 86_400_000).toISOString(),
    });
    const mine = new Set([filed.id, late.id, jiangbei.id]);
    for (const [who, code] of [
      [yubei, '500112'],
      [chongqing, '500105'],
    ] as const) {
      const report = await callAs<Completeness>(
        who,
        'GET',
        `/api/admin/completeness?taskId=${task.id}&regionCode=${code}`,
      );
      for (const other of report.enterprises.filter((row) => !mine.has(row.enterpriseId))) {
        await callAs(who, 'POST', '/api/admin/review/excusals', {
          taskId: task.id,
          enterpriseId: other.enterpriseId,
          reason: 'moved-out',
        });
      }
    }

    // 企业填报: the on-time enterprise of 渝北 files; 渝北 reads its coded answers with their meaning.
    const filedAccount = await enterpriseAccount(301, filed);
    const filingId = await fileAnnual(filedAccount, task.id, 301);
    const county = await pageOf(browser, 'yubei');
    await county.goto(`${baseUrl}/admin/review/${filingId}`);
    await county.getByRole('tab', { name: '企业基本情况' }).click();
    const values = createSampleFiling(getEdition(), { periodType: 'year', seed: 301, scale: 1 });
    const b10 = String((values as Record<string, Record<string, unknown>>).basic!.B10);
    const registration = getEdition().codeLists.find((list) => list.id === 'registration-category')!;
    await expect
      .poll(() => county.locator('tr', { hasText: '登记注册统计类别' }).first().textContent(), patiently)
      .toContain(`${b10} ${codeLabel(registration, b10)}`);
    await callAs(yubei, 'POST', `/api/admin/review/filings/${filingId}/approve`, {});

    // 区县上报: refused while the late enterprise has not filed, accepted once it is excused (停业).
    await county.goto(`${baseUrl}/admin/review`);
    await chooseTask(county, task.name);
    const card = county.getByTestId('region-pass-up');
    await button(card, '上报至市级').click();
    const refusal = county.getByTestId('pass-up-refusal');
    await expect.poll(() => refusal.textContent(), patiently).toContain(late.name);
    await button(refusal, '免报').click();
    const dialog = county.locator('.ant-modal', { hasText: '免报原因' });
    await dialog.locator('#excusal-reason').click();
    await county.locator('.ant-select-item-option', { hasText: '停业' }).click();
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => refusal.count(), patiently).toBe(0);
    await button(card, '上报至市级').click();
    await expect
      .poll(() => county.getByTestId('own-pass-up').textContent(), patiently)
      .toContain('已上报（审核完成）');
    expect(await county.getByTestId('own-snapshot').textContent()).toMatch(/已审 1 · 免报 \d+/);

    // 汇总 of a district opens on its enterprises (it has no divisions below it).
    await county.goto(`${baseUrl}/admin/aggregation`);
    await chooseTask(county, task.name);
    await expect
      .poll(() => county.getByTestId('aggregation-enterprises').textContent(), patiently)
      .toContain(filed.name);

    // 江北区 has no administrator: the city takes its review over on the review page.
    const city = await pageOf(browser, 'chongqing');
    await city.goto(`${baseUrl}/admin/review`);
    await chooseTask(city, task.name);
    const children = city.getByTestId('child-pass-ups');
    const jiangbeiRow = children.locator('tr', { hasText: '江北区' });
    await expect.poll(() => jiangbeiRow.textContent(), patiently).toContain('无管理员');
    await button(jiangbeiRow, '代为审核').click();
    await city.locator('.ant-modal-confirm .ant-btn-primary').click();
    await expect.poll(() => jiangbeiRow.textContent(), patiently).toContain('由重庆市代为审核');

    // 地区延期 for 江北区 from the 催报 page, and a reminder to its enterprise.
    await city.goto(`${baseUrl}/admin/reminders`);
    await chooseTask(city, task.name);
    const byRegion = city.locator('.ant-card', { hasText: '分地区' }).locator('tr', { hasText: '江北区' });
    await button(byRegion, '地区延期').click();
    const extension = city.getByRole('dialog', { name: '为江北区全部未报企业延期' });
    const until = new Date(now + 30 * 86_400_000);
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(until);
    await extension.getByLabel('新的截止时间（北京时间）').fill(`${day} 18:00`);
    await extension.getByLabel('新的截止时间（北京时间）').press('Enter');
    await extension.getByLabel('延期原因').fill('江北区暂无管理员，由市级代管');
    await extension.getByRole('button', { name: '同意延期' }).click();
    // The answer names each enterprise extended (and any left as it was).
    const granted = city.locator('.ant-modal-confirm');
    await expect.poll(() => granted.textContent(), patiently).toContain('已为江北区的1家企业延期');
    await expect
      .poll(() => granted.getByTestId('region-extension-result').textContent(), patiently)
      .toContain(jiangbei.name);
    await granted.locator('.ant-btn-primary').click();
    await byRegion.getByRole('button', { name: '江北区' }).click();
    const jiangbeiEnterprise = city
      .locator('.ant-card', { hasText: '企业明细' })
      .locator('tr', { hasText: jiangbei.name });
    await expect.poll(() => jiangbeiEnterprise.textContent(), patiently).toContain(`${day} 18:00`);
    await button(jiangbeiEnterprise, '催报').click();
    const result = city.getByRole('dialog', { name: '催报结果' });
    await expect.poll(() => result.textContent(), patiently).toContain(jiangbei.name);
    await button(result, '确定').click();

    // The enterprise reads the reminder and the extension in its app.
    const jiangbeiAccount = await enterpriseAccount(303, jiangbei);
    const enterprisePage = await pageOf(browser, jiangbeiAccount.username, jiangbeiAccount.password);
    await enterprisePage.getByTestId('messages-menu').click();
    await enterprisePage.waitForURL((url) => url.pathname === '/enterprise/messages');
    const notices = enterprisePage.getByTestId('notice-item');
    await expect
      .poll(() => notices.filter({ hasText: '催报' }).textContent(), patiently)
      .toContain(task.name);
    await expect
      .poll(() => notices.filter({ hasText: '已延期' }).textContent(), patiently)
      .toContain('原因：江北区暂无管理员，由市级代管');
    await saveScreenshot(enterprisePage, 'chongqing-annual-messages');

    // It files; the city reviews in 江北区's place and passes 江北区 up in its place.
    const jiangbeiFiling = await fileAnnual(jiangbeiAccount, task.id, 303);
    await callAs(chongqing, 'POST', `/api/admin/review/filings/${jiangbeiFiling}/approve`, {});
    // Its 历史记录 shows the 地区延期: the new deadline and the district it was granted to.
    await city.goto(`${baseUrl}/admin/review/${jiangbeiFiling}`);
    await city.getByRole('tab', { name: '历史记录' }).click();
    // A coded answer is written with its meaning there too (B10 登记注册统计类别: 119 → 119 其他有限责任公司).
    await expect
      .poll(
        () => city.getByTestId('history-value-change').filter({ hasText: 'B10' }).textContent(),
        patiently,
      )
      .toMatch(/（空） → \d{3} \S+/);
    // Newest first: the extension, before the filing's hundreds of cells were filed, is on the last page.
    await city.locator('.ant-pagination-item:visible').last().click();
    await expect
      .poll(() => city.getByTestId('history-extension').first().textContent(), patiently)
      .toBe(`填报截止时间延至 ${day} 18:00（江北区统一延期）`);
    await saveScreenshot(city, 'chongqing-annual-extension-history');
    await city.goto(`${baseUrl}/admin/review`);
    await chooseTask(city, task.name);
    await children.locator('tr', { hasText: '江北区' }).locator('a', { hasText: '江北区' }).click();
    await button(city.getByTestId('region-pass-up'), '代为上报').click();
    await expect
      .poll(() => city.getByTestId('own-pass-up').textContent(), patiently)
      .toContain('已上报（审核完成）');

    // A late filing after 渝北's pass-up: the excused enterprise files after all and 渝北 approves it; the pass-up
    // re-opens and the city is told.
    const lateAccount = await enterpriseAccount(302, late);
    const lateFiling = await fileAnnual(lateAccount, task.id, 302);
    await callAs(yubei, 'POST', `/api/admin/review/filings/${lateFiling}/approve`, {});
    await city.goto(`${baseUrl}/admin/review`);
    await chooseTask(city, task.name);
    const yubeiRow = children.locator('tr', { hasText: '渝北区' });
    await expect.poll(() => yubeiRow.textContent(), patiently).toContain('上报后有变化，待重新上报');
    await expect.poll(() => city.getByTestId('region-notices').textContent(), patiently).toContain('渝北区');
    await saveScreenshot(city, 'chongqing-annual-late-filing');

    // 市审核汇总上报部: 渝北 passes up again with the late filing approved, the city approves what waits at its
    // level (accepting the enterprises' 审核说明) and passes 重庆 up to the 部, which sees it passed.
    await county.goto(`${baseUrl}/admin/review`);
    await chooseTask(county, task.name);
    await button(county.getByTestId('region-pass-up'), '上报至市级').click();
    await expect
      .poll(() => county.getByTestId('own-pass-up').textContent(), patiently)
      .toContain('已上报（审核完成）');
    for (const id of [filingId, lateFiling, jiangbeiFiling]) {
      const detail = await callAs<{
        pendingLevel: string | null;
        findings: Array<{ ruleId: string; explanation: string | null }>;
      }>(chongqing, 'GET', `/api/admin/review/filings/${id}`);
      if (detail.pendingLevel !== 'city') continue;
      const explanationVerdicts = Object.fromEntries(
        detail.findings
          .filter((finding) => finding.explanation !== null)
          .map((finding) => [finding.ruleId, 'accepted']),
      );
      await callAs(chongqing, 'POST', `/api/admin/review/filings/${id}/approve`, { explanationVerdicts });
    }
    await city.goto(`${baseUrl}/admin/review`);
    await chooseTask(city, task.name);
    await button(city.getByTestId('region-pass-up'), '上报至上级').click();
    await expect
      .poll(() => city.getByTestId('own-pass-up').textContent(), patiently)
      .toContain('已上报（审核完成）');
    expect(await city.getByTestId('own-snapshot').textContent()).toMatch(/已审 3 · 免报 \d+/);
    const ministryPage = await pageOf(browser, 'miit');
    await ministryPage.goto(`${baseUrl}/admin/review`);
    await chooseTask(ministryPage, task.name);
    const chongqingRow = ministryPage.getByTestId('child-pass-ups').locator('tr', { hasText: '重庆市' });
    await expect.poll(() => chongqingRow.textContent(), patiently).toContain('已上报（审核完成）');
    await saveScreenshot(ministryPage, 'chongqing-annual-passed-to-ministry');
    await ministryPage.context().close();

    // The closed period keeps its 应报 after a directory import into 渝北.
    const closed = (
      await callAs<{ items: Array<{ id: string; name: string; closesAt: string; periodType: string }> }>(
        yubei,
        'GET',
        '/api/admin/tasks',
      )
    ).items.find((each) => each.periodType === 'month' && new Date(each.closesAt).getTime() < now)!;
    const closedBefore = await callAs<Completeness>(
      yubei,
      'GET',
      `/api/admin/completeness?taskId=${closed.id}`,
    );
    const imported = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'CQAW0E04' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('企业名录');
    sheet.addRow([...importColumns]);
    sheet.addRow([
      imported,
      '渝北年报导入软件有限公司',
      '500112',
      '周九',
      '6513',
      2600,
      2100,
      '',
      '否',
      '3',
      '是',
      '否',
    ]);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'zhibao-annual-')), '渝北补录.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    await county.goto(`${baseUrl}/admin/enterprises`);
    await county.getByRole('button', { name: '导入名录' }).click();
    await county.locator('.ant-upload input[type=file]').setInputFiles(file);
    await expect
      .poll(() => county.getByTestId('import-summary').textContent(), patiently)
      .toContain('新增1家');
    await county.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => county.getByTestId('import-preview').isVisible(), patiently).toBe(false);
    await county.goto(`${baseUrl}/admin/reminders`);
    await chooseTask(county, closed.name);
    const enterprises = county.locator('.ant-card', { hasText: '企业明细' });
    await expect
      .poll(() => county.locator('.ant-card').first().textContent(), patiently)
      .toContain(`应报 ${closedBefore.totals.expected}`);
    expect(await enterprises.textContent()).not.toContain('渝北年报导入软件有限公司');
    await county.context().close();
    await city.context().close();
    await enterprisePage.context().close();
  }, 420_000);
});
