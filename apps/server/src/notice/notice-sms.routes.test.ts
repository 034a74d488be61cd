import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEnterprise, createFiler, createFiling, createTask } from '../test/factories.ts';
import {
  createTestApp,
  drainOutbox,
  getAs,
  sendAs,
  signIn,
  type SignedIn,
  type TestApp,
} from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { maxNoticeSmsLength, noticeSmsText, type NoticeSms } from './notice-sms.ts';

/**
 * Issue 14, finding 7: administrators' 催报 text and 退回原因 went out verbatim in SMS signed 【直报】, links
 * included. The SMS must be a fixed template with the system's own link; the free text stays in the app.
 */
describe.each(databaseKinds)('SMS notices on %s', (kind) => {
  let t: TestApp;
  let county: SignedIn;
  const publicBaseUrl = 'https://zhibao.example.gov.cn';
  const phishing = '请立即点击 http://evil.example.com/pay 缴纳罚款，否则将被列入失信名单';

  beforeAll(async () => {
    t = await createTestApp(kind, { publicBaseUrl });
    const admin = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    county = await signIn(t.app, admin.username, admin.password);
  });
  afterAll(() => t.close());

  async function latestSmsTo(username: string): Promise<string> {
    await drainOutbox(t.ctx);
    const outbox = await t.app.inject({ url: `/api/dev/sms-outbox?username=${username}&limit=1` });
    return outbox.json<{ items: Array<{ text: string }> }>().items[0]!.text;
  }

  function expectOwnTemplate(sms: string) {
    expect(sms.startsWith('【直报】')).toBe(true);
    expect(sms).toContain(`${publicBaseUrl}/enterprise/tasks`);
    expect(sms).not.toContain('evil');
    expect(sms).not.toContain('http://');
    expect(sms).not.toContain('罚款');
    expect(sms.length).toBeLessThanOrEqual(maxNoticeSmsLength);
  }

  it('sends a 催报 SMS from the fixed template with the system link; the admin text stays in the app', async () => {
    const task = await createTask(t.ctx.db, {
      period: '2028-03',
      closesAt: new Date('2028-04-10T10:00:00Z'),
    });
    // Issue 17, finding 11: reminders carried no deadline.
    const deadlineText = '2028年04月10日 18:00';
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山催报软件有限公司',
    });
    const filer = await createFiler(t.ctx.db, enterprise);
    const reminded = await sendAs(t.app, county, 'POST', '/api/admin/completeness/reminders', {
      taskId: task.id,
      enterpriseIds: [enterprise.id],
      message: phishing,
    });
    expect(reminded.statusCode).toBe(200);
    // The texts are queued with the 催报 and sent by the outbox worker after commit.
    expect(reminded.json()).toMatchObject({ notified: 1, sms: { queued: 1 } });
    const sms = await latestSmsTo(filer.username);
    expectOwnTemplate(sms);
    expect(sms).toBe(
      `【直报】您有2028年03月统计报表尚未上报，截止时间${deadlineText}，请登录 ${publicBaseUrl}/enterprise/tasks 尽快填报。`,
    );
    // The filer still reads the administrator's words, signed in, beside who sent them (issue 17 finding 5).
    const notice = await t.ctx.db
      .selectFrom('notices')
      .select('body')
      .where('enterprise_id', '=', enterprise.id)
      .executeTakeFirstOrThrow();
    expect(notice.body).toContain(`附言：${phishing}`);
  });

  it('sends a 退回 SMS from the fixed template, without the reason or the cell comments', async () => {
    const task = await createTask(t.ctx.db, { period: '2028-04' });
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '南山退回短信有限公司',
    });
    const filer = await createFiler(t.ctx.db, enterprise);
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      status: 'submitted',
    });
    const returned = await sendAs(t.app, county, 'POST', `/api/admin/review/filings/${filing.id}/return`, {
      reason: `${phishing}${'。'.repeat(900)}`,
      cellComments: [{ formId: 'monthly', key: '2010', comment: '详见 http://evil.example.com' }],
    });
    expect(returned.statusCode).toBe(200);
    const sms = await latestSmsTo(filer.username);
    expectOwnTemplate(sms);
    expect(sms).toBe(
      `【直报】您的2028年04月报表被区县退回，请登录 ${publicBaseUrl}/enterprise/tasks 查看退回原因，修改后重新上报。`,
    );
    const detail = (await getAs(t.app, county, `/api/admin/review/filings/${filing.id}`)).json();
    expect(detail.reviews.at(-1).reason.startsWith(phishing)).toBe(true);
  });
});

describe('SMS notice templates', () => {
  it('fit in two SMS segments whatever the notice, even with the longest address the configuration allows', () => {
    const longestBaseUrl = `https://${'a'.repeat(52)}`;
    const notices: NoticeSms[] = [
      { kind: 'reminder', periodLabel: '2026年第4季度', deadline: '2027年01月10日 18:00' },
      { kind: 'filing-returned', periodLabel: '2026年12月', level: 'province' },
      { kind: 'change-request-approved', periodLabel: '2026年12月', until: '2027-01-31 18:00' },
      { kind: 'change-request-refused', periodLabel: '2026年12月' },
    ];
    const invitation = noticeSmsText(
      { kind: 'application-invitation', periodLabel: '2026年第4季度' },
      longestBaseUrl,
    );
    expect(invitation.length, invitation).toBeLessThanOrEqual(maxNoticeSmsLength);
    expect(invitation, invitation).toContain(`${longestBaseUrl}/enterprise/task-applications`);
    for (const notice of notices) {
      const text = noticeSmsText(notice, longestBaseUrl);
      expect(text.length, text).toBeLessThanOrEqual(maxNoticeSmsLength);
      expect(text, text).toContain(`${longestBaseUrl}/enterprise/tasks`);
    }
  });
});
