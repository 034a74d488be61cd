import { announcementList } from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, sampleFiles } from '../test/account-flows.ts';
import { createAdmin, createEnterprise, createFiler } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

/**
 * Issue 19, item 4: 通知公告 were three sentences in the web app's translation file. An administrator publishes for
 * its region, to its enterprises and/or the administrators below, with attachments, pinned, until a date; an
 * enterprise or administrator reads those of its region and the levels above, each account with its read state.
 */
describe.each(databaseKinds)('通知公告 on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let county: SignedIn;
  let otherCounty: SignedIn;
  let yubeiFiler: SignedIn;
  let nanshanFiler: SignedIn;

  function publish(who: SignedIn, fields: Record<string, string>, files = {}) {
    const form = multipart(fields, files);
    return t.app.inject({
      method: 'POST',
      url: '/api/admin/announcements',
      payload: form.payload,
      headers: { ...form.headers, cookie: who.cookie, 'x-csrf-token': who.csrfToken },
    });
  }
  const titlesOf = async (who: SignedIn) =>
    (await getAs(t.app, who, '/api/announcements')).json().items.map((item: { title: string }) => item.title);

  beforeAll(async () => {
    t = await createTestApp(kind);
    const signInAdmin = async (adminLevel: 'city' | 'county', regionCode: string) => {
      const admin = await createAdmin(t.ctx.db, { adminLevel, regionCode });
      return signIn(t.app, admin.username, admin.password);
    };
    city = await signInAdmin('city', '500000');
    county = await signInAdmin('county', '500112');
    otherCounty = await signInAdmin('county', '440305');
    const signInFiler = async (regionCode: string) => {
      const filer = await createFiler(t.ctx.db, await createEnterprise(t.ctx.db, { regionCode }));
      return signIn(t.app, filer.username, filer.password);
    };
    yubeiFiler = await signInFiler('500112');
    nanshanFiler = await signInFiler('440305');
  });
  afterAll(() => t.close());

  it('reaches the enterprises of the region below with its attachment, not those of another province', async () => {
    const published = await publish(
      city,
      {
        title: '关于做好2026年软件业统计年报的通知',
        body: '请各软件企业于3月20日前完成年报填报。',
        audience: 'enterprises',
        isPinned: 'true',
      },
      { attachment1: { fileName: '通知.pdf', content: sampleFiles.pdf } },
    );
    expect(published.statusCode).toBe(201);

    const board = announcementList.parse((await getAs(t.app, yubeiFiler, '/api/announcements')).json());
    expect(board.unreadCount).toBe(1);
    const notice = board.items[0]!;
    expect(notice).toMatchObject({
      title: '关于做好2026年软件业统计年报的通知',
      isPinned: true,
      isRead: false,
      publisher: { regionCode: '500000' },
      attachments: [{ fileName: '通知.pdf', mediaType: 'application/pdf', byteSize: sampleFiles.pdf.length }],
    });
    const download = await getAs(
      t.app,
      yubeiFiler,
      `/api/announcements/${notice.id}/attachments/${notice.attachments[0]!.id}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(sampleFiles.pdf)).toBe(true);

    expect(await titlesOf(nanshanFiler)).not.toContain('关于做好2026年软件业统计年报的通知');
    const foreign = await getAs(
      t.app,
      nanshanFiler,
      `/api/announcements/${notice.id}/attachments/${notice.attachments[0]!.id}`,
    );
    expect(foreign.statusCode).toBe(404);
    // An announcement to enterprises is not on the district administrators' board; the publisher sees its own.
    expect(await titlesOf(county)).not.toContain('关于做好2026年软件业统计年报的通知');
    expect(await titlesOf(city)).toContain('关于做好2026年软件业统计年报的通知');

    expect((await sendAs(t.app, yubeiFiler, 'POST', `/api/announcements/${notice.id}/read`)).statusCode).toBe(
      204,
    );
    const after = (await getAs(t.app, yubeiFiler, '/api/announcements')).json();
    expect(after.unreadCount).toBe(0);
    expect(after.items[0].isRead).toBe(true);
  });

  it('keeps an announcement to administrators from the enterprises, and shows it to the districts below', async () => {
    expect(
      (
        await publish(city, {
          title: '区县审核工作安排',
          body: '请各区县3月25日前完成审核。',
          audience: 'administrators',
        })
      ).statusCode,
    ).toBe(201);
    expect(await titlesOf(county)).toContain('区县审核工作安排');
    expect(await titlesOf(yubeiFiler)).not.toContain('区县审核工作安排');
    expect(await titlesOf(otherCounty)).not.toContain('区县审核工作安排');
  });

  it('hides an expired or withdrawn announcement, and lets only the publishing region withdraw', async () => {
    const expired = await publish(city, {
      title: '已过期的通知',
      body: '过期。',
      audience: 'all',
      expiresOn: new Date(t.ctx.now().getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json().invalidParams).toEqual([{ name: 'expiresOn', reason: '有效期至不能早于今天' }]);

    const { id } = (await publish(city, { title: '将撤回的通知', body: '撤回。', audience: 'all' })).json();
    expect(await titlesOf(yubeiFiler)).toContain('将撤回的通知');
    const byCounty = await sendAs(t.app, county, 'POST', `/api/admin/announcements/${id}/withdraw`);
    expect(byCounty.statusCode).toBe(404);
    const byCity = await sendAs(t.app, city, 'POST', `/api/admin/announcements/${id}/withdraw`);
    expect(byCity.statusCode).toBe(204);
    expect(await titlesOf(yubeiFiler)).not.toContain('将撤回的通知');
  });

  it('publishes a 制度文件 as a document the guide lists, a plain notice as a notice', async () => {
    const published = await publish(
      city,
      {
        title: '重庆市软件业统计填报说明',
        body: '请下载附件。',
        audience: 'enterprises',
        category: 'document',
      },
      { attachment1: { fileName: '填报说明.pdf', content: sampleFiles.pdf } },
    );
    expect(published.statusCode).toBe(201);
    const board = announcementList.parse((await getAs(t.app, yubeiFiler, '/api/announcements')).json());
    const categoryOf = (title: string) => board.items.find((item) => item.title === title)?.category;
    expect(categoryOf('重庆市软件业统计填报说明')).toBe('document');
    expect(categoryOf('关于做好2026年软件业统计年报的通知')).toBe('notice');

    const bad = await publish(city, { title: '类别有误', body: '正文', audience: 'all', category: 'manual' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalidParams).toEqual([{ name: 'category', reason: '类别应为通知或制度文件与手册' }]);
  });

  it('names the field of a bad announcement, refuses an executable, and refuses an enterprise', async () => {
    const blank = await publish(city, { title: ' ', body: '正文', audience: 'all' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().invalidParams).toEqual([{ name: 'title', reason: '请填写标题' }]);

    const exe = await publish(
      city,
      { title: '带附件', body: '正文', audience: 'all' },
      { attachment1: { fileName: '制度.pdf', content: sampleFiles.exe } },
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.json().invalidParams[0].name).toBe('attachment1');

    const byFiler = await publish(yubeiFiler, { title: '企业发布', body: '正文', audience: 'all' });
    expect(byFiler.statusCode).toBe(403);
  });
});
