import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, sampleFiles } from '../test/account-flows.ts';
import { createEnterprise, createFiler, mobileOf } from '../test/factories.ts';
import { createTestApp, getAs, readSmsCode, sendAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe.each(databaseKinds)('用户中心 on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  async function newFiler() {
    const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const filer = await createFiler(t.ctx.db, enterprise);
    return { ...filer, who: await signIn(t.app, filer.username, filer.password) };
  }

  it('shows and saves the basic information, naming a bad field', async () => {
    const { who, username } = await newFiler();
    const bad = await sendAs(t.app, who, 'PUT', '/api/account/profile', {
      email: 'not-an-email',
      postalCode: '51800',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalidParams).toEqual(
      expect.arrayContaining([
        { name: 'email', reason: '电子邮箱格式不正确' },
        { name: 'postalCode', reason: '注册地址邮编应为6位数字' },
      ]),
    );
    const saved = await sendAs(t.app, who, 'PUT', '/api/account/profile', {
      email: 'li@example.cn',
      contactAddress: '深圳市南山区科技园',
      enterpriseNature: 'private',
      economicType: 'domestic',
      employeeCount: 120,
      registeredAddress: '深圳市南山区粤海街道',
      postalCode: '518057',
    });
    expect(saved.statusCode).toBe(200);
    expect((await getAs(t.app, who, '/api/account/profile')).json()).toMatchObject({
      username,
      email: 'li@example.cn',
      employeeCount: 120,
      postalCode: '518057',
    });
  });

  it('changes the password only with the old one, by the policy, and ends the other sessions', async () => {
    const filer = await newFiler();
    const otherDevice = await signIn(t.app, filer.username, filer.password);
    const wrongOld = await sendAs(t.app, filer.who, 'PUT', '/api/account/password', {
      oldPassword: 'not-it',
      newPassword: 'Changed@2027',
    });
    expect(wrongOld.json().invalidParams).toEqual([{ name: 'oldPassword', reason: '原密码不正确' }]);
    const weak = await sendAs(t.app, filer.who, 'PUT', '/api/account/password', {
      oldPassword: filer.password,
      newPassword: 'short',
    });
    expect(weak.json().invalidParams).toEqual([{ name: 'newPassword', reason: '密码至少8位' }]);
    const changed = await sendAs(t.app, filer.who, 'PUT', '/api/account/password', {
      oldPassword: filer.password,
      newPassword: 'Changed@2027',
    });
    expect(changed.statusCode).toBe(204);
    expect((await getAs(t.app, filer.who, '/api/session')).statusCode).toBe(200);
    expect((await getAs(t.app, otherDevice, '/api/session')).statusCode).toBe(401);
    await expect(signIn(t.app, filer.username, filer.password)).rejects.toThrow();
    await expect(signIn(t.app, filer.username, 'Changed@2027')).resolves.toBeDefined();
  });

  it('changes the mobile with codes sent to both the old and the new number', async () => {
    const filer = await newFiler();
    const newMobile = '13688889999';
    const sent = await sendAs(t.app, filer.who, 'POST', '/api/account/mobile/sms-codes', { newMobile });
    expect(sent.statusCode).toBe(200);
    const oldCode = await readSmsCode(t.app, { username: filer.username });
    const newCode = await readSmsCode(t.app, { mobile: newMobile });
    const onlyNew = await sendAs(t.app, filer.who, 'PUT', '/api/account/mobile', {
      newMobile,
      oldMobileCode: newCode === oldCode ? '000000' : newCode,
      newMobileCode: newCode,
    });
    expect(onlyNew.statusCode).toBe(400);
    expect(onlyNew.json().invalidParams[0].name).toBe('oldMobileCode');
    const changed = await sendAs(t.app, filer.who, 'PUT', '/api/account/mobile', {
      newMobile,
      oldMobileCode: oldCode,
      newMobileCode: newCode,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().maskedMobile).toBe('136****9999');
    // The next login code goes to the new number.
    await t.app.inject({
      method: 'POST',
      url: '/api/session/sms-code',
      payload: { username: filer.username, password: filer.password },
    });
    const outbox = await t.app.inject({
      method: 'GET',
      url: `/api/dev/sms-outbox?mobile=${newMobile}&limit=1`,
    });
    expect(outbox.json().items[0].text).toContain('登录验证码');
  });

  it("answers a request for another account's number as for a free one, and texts that number a notice", async () => {
    const filer = await newFiler();
    const taken = await newFiler();
    const takenMobile = await mobileOf(t.ctx.db, { username: taken.username });
    const forTaken = await sendAs(t.app, filer.who, 'POST', '/api/account/mobile/sms-codes', {
      newMobile: takenMobile,
    });
    const other = await newFiler();
    const forFree = await sendAs(t.app, other.who, 'POST', '/api/account/mobile/sms-codes', {
      newMobile: '13688880001',
    });
    expect(forTaken.statusCode).toBe(200);
    const { oldMaskedMobile: _ownOld, ...takenAnswer } = forTaken.json();
    const { oldMaskedMobile: _otherOld, ...freeAnswer } = forFree.json();
    expect(takenAnswer).toEqual({
      ...freeAnswer,
      newMaskedMobile: `${takenMobile.slice(0, 3)}****${takenMobile.slice(-4)}`,
    });
    const outbox = await t.app.inject({
      method: 'GET',
      url: `/api/dev/sms-outbox?mobile=${takenMobile}&limit=1`,
    });
    const notice = outbox.json().items[0].text as string;
    expect(notice).toContain('此号码已是其他直报账号的登录手机号');
    expect(notice).not.toMatch(/\d{6}/);
  });

  it('uploads a renewed scan checked by content, and serves it only to its owner', async () => {
    const owner = await newFiler();
    const stranger = await newFiler();
    const upload = (fileName: string, content: Buffer) => {
      const body = multipart({ kind: 'identity_document' }, { file: { fileName, content } });
      return t.app.inject({
        method: 'POST',
        url: '/api/account/documents',
        payload: body.payload,
        headers: { ...body.headers, cookie: owner.who.cookie, 'x-csrf-token': owner.who.csrfToken },
      });
    };
    const exe = await upload('新身份证.jpg', sampleFiles.exe);
    expect(exe.statusCode).toBe(400);
    expect(exe.json().invalidParams[0].reason).toContain('不是 PDF、JPG 或 PNG 文件');
    const ok = await upload('新身份证.png', sampleFiles.png);
    expect(ok.statusCode).toBe(201);
    const { id } = ok.json();
    const own = await getAs(t.app, owner.who, `/api/account/documents/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    const foreign = await getAs(t.app, stranger.who, `/api/account/documents/${id}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe('证件文件不存在或无权访问');
  });
});
