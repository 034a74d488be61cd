import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  legalPersonFields,
  naturalPersonFields,
  publicFactsOf,
  registerThroughApi,
  requestBindingAs,
  sampleFiles,
  solveCaptcha,
  submitVerificationAs,
  validResidentId,
  withWrongCheckDigit,
} from '../test/account-flows.ts';
import { createAdmin, createEnterprise } from '../test/factories.ts';
import { createTestApp, getAs, readSmsCode, sendAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { bindingMismatchMessage } from './binding-request.service.ts';

describe.each(databaseKinds)('registration, real-name verification and binding on %s', (kind) => {
  let t: TestApp;
  let enterprise: { id: string; uscc: string; name: string; region_code: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '深圳市注册测试软件有限公司',
    });
  });
  afterAll(() => t.close());

  it('registers with a texted code and signs the person in, unverified and unbound', async () => {
    const who = await registerThroughApi(t.app);
    const session = (await getAs(t.app, who, '/api/session')).json();
    expect(session.user).toMatchObject({
      username: who.username,
      role: 'enterprise',
      enterprise: null,
      isVerified: false,
      accountType: null,
    });
    // The unbound account has nothing to file yet.
    expect((await getAs(t.app, who, '/api/enterprise/tasks')).statusCode).toBe(403);
    // The new account can log in again later with password and SMS code.
    expect((await signIn(t.app, who.username, who.password)).cookie).toContain('zhibao_session=');
  });

  it('refuses a weak password, a taken username and a wrong image captcha, naming the field', async () => {
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { username: 'weakling', password: 'abcdefgh', mobile: '13712345678', smsCode: '123456' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().invalidParams).toEqual([
      { name: 'password', reason: expect.stringContaining('至少三种') },
    ]);

    const captcha = await solveCaptcha(t.app);
    const wrongCaptcha = await t.app.inject({
      method: 'POST',
      url: '/api/registration/sms-code',
      payload: { mobile: '13712345678', captchaId: captcha.captchaId, captchaAnswer: 'zzzz' },
    });
    expect(wrongCaptcha.statusCode).toBe(400);
    expect(wrongCaptcha.json().invalidParams[0]).toMatchObject({
      name: 'captcha',
      reason: expect.stringContaining('图形验证码错误'),
    });
    // A captcha is good for one answer only.
    const reused = await t.app.inject({
      method: 'POST',
      url: '/api/registration/sms-code',
      payload: { mobile: '13712345678', ...captcha },
    });
    expect(reused.json().invalidParams[0].reason).toContain('已失效');

    // A taken name is told only to whoever proved a number with its code; the code stays good for another name.
    const first = await registerThroughApi(t.app);
    const mobile = '13712345679';
    await requestCodeFor(mobile);
    const smsCode = await readSmsCode(t.app, { mobile });
    const sameName = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { username: first.username, password: 'Another@2026', mobile, smsCode },
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().invalidParams[0]).toMatchObject({
      name: 'username',
      reason: '该用户名已被使用，请换一个',
    });
    const otherName = await t.app.inject({
      method: 'POST',
      url: '/api/registration',
      payload: { username: 'anotherName1', password: 'Another@2026', mobile, smsCode },
    });
    expect(otherName.statusCode).toBe(201);
  });

  async function requestCodeFor(mobile: string, remoteAddress = '127.0.0.1') {
    return t.app.inject({
      method: 'POST',
      url: '/api/registration/sms-code',
      payload: { mobile, ...(await solveCaptcha(t.app)) },
      remoteAddress,
    });
  }

  async function latestTextTo(mobile: string): Promise<string> {
    const query = new URLSearchParams({ mobile, limit: '1' });
    const response = await t.app.inject({ method: 'GET', url: `/api/dev/sms-outbox?${query.toString()}` });
    return response.json<{ items: Array<{ text: string }> }>().items[0]!.text;
  }

  it('answers a code request for a registered number exactly as for a free one, and texts its owner instead', async () => {
    const owner = await registerThroughApi(t.app);
    const free = '13612340001';
    const [forTaken, forFree] = [await requestCodeFor(owner.mobile), await requestCodeFor(free)];
    expect(forTaken.statusCode).toBe(200);
    expect(forTaken.json()).toEqual(forFree.json());
    // The owner is told the number is registered; no code goes to it, so nobody can register it again.
    const notice = await latestTextTo(owner.mobile);
    expect(notice).toContain('此手机号已注册直报系统账号');
    expect(notice).not.toMatch(/\d{6}/);
    expect(await latestTextTo(free)).toMatch(/验证码为\d{6}/);
    // The limits apply alike: asking again at once is refused the same way for both.
    const [againTaken, againFree] = [await requestCodeFor(owner.mobile), await requestCodeFor(free)];
    expect(againTaken.statusCode).toBe(429);
    expect(againTaken.json().detail).toBe(againFree.json().detail);
  });

  it('checks the SMS code before any name or number, so probing registration reveals nothing', async () => {
    const owner = await registerThroughApi(t.app);
    const probe = (username: string, mobile: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/registration',
        payload: { username, password: 'Probe@2026x', mobile, smsCode: '123456' },
      });
    const answers = [
      await probe(owner.username, owner.mobile),
      await probe('freshName01', owner.mobile),
      await probe(owner.username, '13612340002'),
      await probe('freshName02', '13612340003'),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.json().invalidParams).toEqual([{ name: 'smsCode', reason: '请先获取短信验证码' }]);
    }
    // A code requested for the registered number cannot be guessed into a second account either.
    await requestCodeFor(owner.mobile, '198.51.100.77');
    const guessed = await probe('freshName03', owner.mobile);
    expect(guessed.statusCode).toBe(400);
    expect(guessed.json().invalidParams[0].reason).toBe('短信验证码错误，请核对短信后重新输入');
  });

  it("answers 409 to parallel registrations of one name, and burns none of the losers' codes", async () => {
    const username = `race${Date.now().toString(36)}`;
    const mobiles = ['13612341001', '13612341002', '13612341003', '13612341004'];
    const codes: string[] = [];
    for (const mobile of mobiles) {
      await requestCodeFor(mobile, '198.51.100.78');
      codes.push(await readSmsCode(t.app, { mobile }));
    }
    const answers = await Promise.all(
      mobiles.map((mobile, index) =>
        t.app.inject({
          method: 'POST',
          url: '/api/registration',
          payload: { username, password: 'Racing@2026', mobile, smsCode: codes[index] },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const [index, answer] of answers.entries()) {
      if (answer.statusCode === 201) continue;
      expect(answer.json().invalidParams[0]).toEqual({
        name: 'username',
        reason: '该用户名已被使用，请换一个',
      });
      // The same code still registers the number under another name.
      const retry = await t.app.inject({
        method: 'POST',
        url: '/api/registration',
        payload: {
          username: `${username}x${index}`,
          password: 'Racing@2026',
          mobile: mobiles[index],
          smsCode: codes[index],
        },
      });
      expect(retry.statusCode).toBe(201);
    }
  });

  it('refuses a 身份证 number with a wrong check digit, saying which digit is expected', async () => {
    const who = await registerThroughApi(t.app);
    const response = await submitVerificationAs(
      t.app,
      who,
      naturalPersonFields({ idNumber: withWrongCheckDigit(validResidentId) }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams).toContainEqual({
      name: 'idNumber',
      reason: `公民身份号码校验码应为“${validResidentId.at(-1)}”,实为“${withWrongCheckDigit(validResidentId).at(-1)}”`,
    });
  });

  it('judges a scan by its content: an .exe renamed .pdf is refused, an oversized file too', async () => {
    const who = await registerThroughApi(t.app);
    const exe = await submitVerificationAs(t.app, who, naturalPersonFields(), {
      identityDocument: { fileName: '身份证.pdf', content: sampleFiles.exe },
    });
    expect(exe.statusCode).toBe(400);
    expect(exe.json().invalidParams[0]).toEqual({
      name: 'identityDocument',
      reason:
        '证件扫描件“身份证.pdf”的内容不是 PDF、JPG 或 PNG 文件（检测到的实际格式为 EXE），请上传证件的扫描件',
    });

    const small = await createTestApp(kind, { uploadMaxBytes: 1024 });
    try {
      const person = await registerThroughApi(small.app);
      const large = await submitVerificationAs(small.app, person, naturalPersonFields(), {
        identityDocument: {
          fileName: 'big.pdf',
          content: Buffer.concat([sampleFiles.pdf, Buffer.alloc(4096)]),
        },
      });
      expect(large.statusCode).toBe(413);
      expect(large.json().invalidParams[0]).toMatchObject({
        name: 'identityDocument',
        reason: expect.stringContaining('不能超过'),
      });
    } finally {
      await small.close();
    }
  });

  it('asks for the end date unless 永久期限, and for the declaration', async () => {
    const who = await registerThroughApi(t.app);
    const response = await submitVerificationAs(
      t.app,
      who,
      naturalPersonFields({ validUntil: '', declaration: 'false' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams.map((param: { name: string }) => param.name)).toContain(
      'declaration',
    );
    const noEnd = await submitVerificationAs(t.app, who, naturalPersonFields({ validUntil: '' }));
    expect(noEnd.json().invalidParams).toContainEqual({
      name: 'validUntil',
      reason: '请选择证件有效结束日期，或勾选“永久期限”',
    });
  });

  it("records a natural person's verification as submitted, opening nothing by itself", async () => {
    const who = await registerThroughApi(t.app);
    const verified = await submitVerificationAs(t.app, who, naturalPersonFields());
    expect(verified.statusCode).toBe(201);
    const status = (await getAs(t.app, who, '/api/account/verification')).json();
    expect(status).toMatchObject({ status: 'submitted', accountType: 'natural_person', realName: '王小明' });
    expect(status.maskedIdNumber).not.toContain(validResidentId.slice(4, 14));
    const session = (await getAs(t.app, who, '/api/session')).json();
    expect(session.user).toMatchObject({ displayName: '王小明', isVerified: true, enterprise: null });
    expect((await getAs(t.app, who, '/api/enterprise/tasks')).statusCode).toBe(403);

    const otherIndustry = await requestBindingAs(t.app, who, {
      ...publicFactsOf(enterprise),
      industry: 'electronics',
    });
    expect(otherIndustry.json().invalidParams[0].name).toBe('industry');
    // Binding is a request: the enterprise has no manager, so an administrator of 南山区 reviews it.
    const asked = await requestBindingAs(t.app, who, publicFactsOf(enterprise));
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      status: 'pending',
      reviewer: 'administrator',
      enterprise: { uscc: enterprise.uscc },
    });
    const twice = await requestBindingAs(t.app, who, publicFactsOf(enterprise));
    expect(twice.statusCode).toBe(409);
    expect((await getAs(t.app, who, '/api/session')).json().user.enterprise).toBeNull();
  });

  it('lets several 法人 claims wait for review, and refuses a 法人 account once one is confirmed', async () => {
    const target = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '深圳市法人测试有限公司' });
    const licence = {
      identityDocument: { fileName: '法定代表人身份证.png', content: sampleFiles.png },
      businessLicense: { fileName: '营业执照.pdf', content: sampleFiles.licencePdf },
    };
    const legal = await registerThroughApi(t.app);
    expect((await submitVerificationAs(t.app, legal, legalPersonFields(target), licence)).statusCode).toBe(
      201,
    );
    // An unreviewed claim cannot squat the enterprise's one 法人 account.
    const rival = await registerThroughApi(t.app);
    expect((await submitVerificationAs(t.app, rival, legalPersonFields(target), licence)).statusCode).toBe(
      201,
    );

    const noLicence = await submitVerificationAs(
      t.app,
      await registerThroughApi(t.app),
      legalPersonFields(enterprise),
    );
    expect(noLicence.json().invalidParams).toContainEqual({
      name: 'businessLicense',
      reason: '请上传营业执照扫描件',
    });

    // A 法人 account asks for its own enterprise only: any other answers the one mismatch message.
    const elsewhere = await requestBindingAs(t.app, legal, publicFactsOf(enterprise), { files: {} });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().detail).toBe(bindingMismatchMessage);
    const own = await requestBindingAs(t.app, legal, publicFactsOf(target), { files: {} });
    expect(own.json()).toMatchObject({ status: 'pending', reviewer: 'administrator' });

    const district = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
    const admin = await signIn(t.app, district.username, district.password);
    const approved = await sendAs(
      t.app,
      admin,
      'POST',
      `/api/admin/binding-requests/${own.json().id}/decision`,
      {
        decision: 'approve',
      },
    );
    expect(approved.statusCode).toBe(200);
    expect((await getAs(t.app, legal, '/api/session')).json().user).toMatchObject({
      enterprise: { id: target.id },
      isEnterpriseManager: true,
    });

    const late = await registerThroughApi(t.app);
    const refused = await submitVerificationAs(t.app, late, legalPersonFields(target), licence);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('已注册过法人账号。一个企业只能有一个法人账号');
    expect(refused.json().invalidParams[0].name).toBe('uscc');
  });

  it('refuses binding before verification and to an enterprise missing from the directory', async () => {
    const who = await registerThroughApi(t.app);
    const early = await requestBindingAs(t.app, who, publicFactsOf(enterprise));
    expect(early.statusCode).toBe(403);
    expect(early.json().detail).toBe('请先完成实名认证，再绑定企业');

    await submitVerificationAs(t.app, who, naturalPersonFields());
    const unknown = await requestBindingAs(t.app, who, {
      uscc: '91440300MA5FUTURE8'.slice(0, 17) + '8',
      enterpriseName: '不存在的公司',
      legalRepresentative: '某某',
      industry: 'software',
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('records registration and verification in the audit trail with who, when and the IP address', async () => {
    const who = await registerThroughApi(t.app);
    await submitVerificationAs(t.app, who, naturalPersonFields());
    const userId = (await getAs(t.app, who, '/api/session')).json().user.id;
    const rows = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'ip_address', 'created_at'])
      .where('subject_id', '=', userId)
      .orderBy('created_at')
      .execute();
    expect(rows.map((row) => row.action)).toEqual(['account.registered', 'account.verified']);
    expect(rows.every((row) => row.ip_address === '127.0.0.1' && row.actor_user_id === userId)).toBe(true);
  });
});
