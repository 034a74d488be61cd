import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  legalPersonFields,
  publicFactsOf,
  registerThroughApi,
  requestBindingAs,
  sampleFiles,
  submitVerificationAs,
  verifiedLegalPerson,
  verifiedNaturalPerson,
} from '../test/account-flows.ts';
import {
  createAdmin,
  createEnterprise,
  createFiler,
  createFiling,
  createTask,
  mobileOf,
  outboxTextsTo,
  userIdOf,
} from '../test/factories.ts';
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
import { bindingMismatchMessage } from './binding-request.service.ts';
import { bindingSmsTemplates } from './binding-sms.ts';

type Enterprise = { id: string; uscc: string; name: string; region_code: string };

describe.each(databaseKinds)('binding requests on %s', (kind) => {
  let t: TestApp;
  let nanshanAdmin: SignedIn;
  let yubeiAdmin: SignedIn;
  let task: { id: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    task = await createTask(t.ctx.db);
    nanshanAdmin = await signIn(
      t.app,
      ...credentials(await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' })),
    );
    yubeiAdmin = await signIn(
      t.app,
      ...credentials(await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' })),
    );
  });
  afterAll(() => t.close());

  function credentials(account: { username: string; password: string }): [string, string] {
    return [account.username, account.password];
  }

  /** An enterprise of 南山区 whose manager is a bound 自然人 filer, with a submitted filing worth keeping secret. */
  async function enterpriseWithManager() {
    const enterprise: Enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const manager = await createFiler(t.ctx.db, enterprise);
    const managerId = await userIdOf(t.ctx.db, manager.username);
    await t.ctx.db
      .updateTable('users')
      .set({ is_enterprise_manager: true, account_type: 'natural_person' })
      .where('id', '=', managerId)
      .execute();
    const filing = await createFiling(t.ctx.db, {
      taskId: task.id,
      enterpriseId: enterprise.id,
      userId: managerId,
      status: 'submitted',
      values: { A61: { '2010': 987654.32 } },
    });
    return { enterprise, manager, managerId, task, filing, secret: manager.username };
  }

  async function textsTo(mobile: string): Promise<string[]> {
    await drainOutbox(t.ctx);
    const rows = await outboxTextsTo(t.ctx.db, mobile);
    // Login codes go to the same number; only the notices matter here.
    return rows.map((row) => row.text).filter((text) => !text.includes('验证码'));
  }

  async function sessionUser(who: SignedIn) {
    return (await getAs(t.app, who, '/api/session')).json().user as {
      id: string;
      enterprise: { id: string } | null;
      isEnterpriseManager: boolean;
    };
  }

  /** Every enterprise-scoped read and write an outsider would try with the enterprise's data in view. */
  async function tryEnterpriseRoutes(
    who: SignedIn,
    target: { filing: { id: string }; task: { id: string } },
  ): Promise<LightMyRequestResponse[]> {
    return [
      await getAs(t.app, who, '/api/enterprise/tasks'),
      await getAs(t.app, who, '/api/enterprise/filings'),
      await getAs(t.app, who, `/api/enterprise/filings/${target.filing.id}`),
      await getAs(t.app, who, '/api/enterprise/filings/export.xlsx'),
      await getAs(t.app, who, `/api/enterprise/filings/${target.filing.id}/export.xlsx`),
      await getAs(t.app, who, `/api/filings/${target.filing.id}/history`),
      await getAs(t.app, who, `/api/enterprise/tasks/${target.task.id}/filing`),
      await getAs(t.app, who, '/api/account/enterprise-accounts'),
      await sendAs(t.app, who, 'POST', `/api/enterprise/tasks/${target.task.id}/filing/submit`, {}),
    ];
  }

  function expectNothingSeen(responses: LightMyRequestResponse[], secrets: string[]) {
    for (const response of responses) {
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      for (const secret of secrets) expect(response.body).not.toContain(secret);
    }
  }

  it('lets an outsider with public facts only ask: nothing is bound, nothing of the enterprise is seen', async () => {
    const target = await enterpriseWithManager();
    const secrets = [target.secret, '987654.32'];

    // A verified 自然人 who knows the code, the name and the legal representative (all public).
    const outsider = await verifiedNaturalPerson(t.app);
    const asked = await requestBindingAs(t.app, outsider, publicFactsOf(target.enterprise));
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', reviewer: 'manager' });
    expect((await sessionUser(outsider)).enterprise).toBeNull();
    expectNothingSeen(await tryEnterpriseRoutes(outsider, target), secrets);
    await drainOutbox(t.ctx);

    // A "法人" with a made-up passport number and a 45-byte file starting with %PDF.
    const faker = await registerThroughApi(t.app);
    const fakeFields = legalPersonFields(target.enterprise, {
      legalRepresentativeIdType: 'passport',
      legalRepresentativeIdNumber: 'E99999999',
    });
    const fakeScan = await submitVerificationAs(t.app, faker, fakeFields, {
      identityDocument: { fileName: '护照.pdf', content: sampleFiles.fakePdf },
      businessLicense: { fileName: '营业执照.pdf', content: sampleFiles.fakePdf },
    });
    expect(fakeScan.statusCode).toBe(400);
    expect(fakeScan.json().invalidParams[0].name).toBe('identityDocument');
    // With real-looking scans the passport's format passes, but that opens nothing: an administrator reviews.
    const submitted = await submitVerificationAs(t.app, faker, fakeFields, {
      identityDocument: { fileName: '护照.png', content: sampleFiles.png },
      businessLicense: { fileName: '营业执照.pdf', content: sampleFiles.licencePdf },
    });
    expect(submitted.statusCode).toBe(201);
    expect(submitted.json()).toMatchObject({ status: 'submitted' });
    const claimed = await requestBindingAs(t.app, faker, publicFactsOf(target.enterprise), { files: {} });
    expect(claimed.statusCode).toBe(201);
    expect(claimed.json()).toMatchObject({ status: 'pending', reviewer: 'administrator' });
    expect((await sessionUser(faker)).enterprise).toBeNull();
    expectNothingSeen(await tryEnterpriseRoutes(faker, target), secrets);

    // The manager is untouched and told that someone asked.
    const manager = await signIn(t.app, target.manager.username, target.manager.password);
    expect(await sessionUser(manager)).toMatchObject({
      enterprise: { id: target.enterprise.id },
      isEnterpriseManager: true,
    });
    expect(await textsTo(await mobileOf(t.ctx.db, { id: target.managerId }))).toEqual([
      bindingSmsTemplates.requestForManager,
      bindingSmsTemplates.legalPersonClaimForManager,
    ]);
  });

  it('answers one message for any mismatch, naming no field', async () => {
    const target = await enterpriseWithManager();
    const who = await verifiedNaturalPerson(t.app);
    const unknownUscc = (await createEnterprise(t.ctx.db, { regionCode: '440305' })).uscc;
    await t.ctx.db.deleteFrom('enterprises').where('uscc', '=', unknownUscc).execute();
    const attempts = [
      { ...publicFactsOf(target.enterprise), enterpriseName: '别的公司' },
      { ...publicFactsOf(target.enterprise), legalRepresentative: '张三' },
      { ...publicFactsOf(target.enterprise), uscc: unknownUscc },
    ];
    const answers = [];
    for (const fields of attempts) answers.push(await requestBindingAs(t.app, who, fields));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(400);
      expect(answer.json().detail).toBe(bindingMismatchMessage);
      expect(answer.json().invalidParams ?? []).toEqual([]);
    }
  });

  it('limits binding attempts per account and per address', async () => {
    const target = await enterpriseWithManager();
    const guesser = await verifiedNaturalPerson(t.app);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const guess = await requestBindingAs(t.app, guesser, {
        ...publicFactsOf(target.enterprise),
        legalRepresentative: `猜测${attempt}`,
      });
      expect(guess.statusCode).toBe(400);
    }
    // The sixth try is refused even with the right name, so guessing stops here.
    const sixth = await requestBindingAs(t.app, guesser, publicFactsOf(target.enterprise));
    expect(sixth.statusCode).toBe(429);

    const small = await createTestApp(kind, { bindingIpAttemptLimit: 2 });
    try {
      const enterprise = await createEnterprise(small.ctx.db, { regionCode: '440305' });
      const accounts = [
        await verifiedNaturalPerson(small.app),
        await verifiedNaturalPerson(small.app),
        await verifiedNaturalPerson(small.app),
      ];
      const wrong = { ...publicFactsOf(enterprise), legalRepresentative: '某某' };
      const fromOneAddress = { remoteAddress: '203.0.113.7' };
      expect((await requestBindingAs(small.app, accounts[0]!, wrong, fromOneAddress)).statusCode).toBe(400);
      expect((await requestBindingAs(small.app, accounts[1]!, wrong, fromOneAddress)).statusCode).toBe(400);
      const third = await requestBindingAs(
        small.app,
        accounts[2]!,
        publicFactsOf(enterprise),
        fromOneAddress,
      );
      expect(third.statusCode).toBe(429);
      const elsewhere = await requestBindingAs(small.app, accounts[2]!, publicFactsOf(enterprise), {
        remoteAddress: '198.51.100.9',
      });
      expect(elsewhere.statusCode).toBe(201);
    } finally {
      await small.close();
    }
  });

  it('refuses documents that only start like a PDF or an image', async () => {
    const target = await enterpriseWithManager();
    const who = await verifiedNaturalPerson(t.app);
    const fake = await requestBindingAs(t.app, who, publicFactsOf(target.enterprise), {
      files: {
        businessLicense: { fileName: '营业执照.png', content: sampleFiles.fakePng },
        authorizationLetter: { fileName: '授权委托书.pdf', content: sampleFiles.fakePdf },
      },
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().invalidParams[0]).toMatchObject({
      name: 'businessLicense',
      reason: expect.stringContaining('无法作为扫描件受理'),
    });
    const noLetter = await requestBindingAs(t.app, who, publicFactsOf(target.enterprise), {
      files: { businessLicense: { fileName: '营业执照.jpg', content: sampleFiles.jpeg } },
    });
    expect(noLetter.statusCode).toBe(400);
    expect(noLetter.json().invalidParams).toEqual([
      { name: 'authorizationLetter', reason: '请上传加盖企业公章的授权委托书扫描件' },
    ]);
    const real = await requestBindingAs(t.app, who, publicFactsOf(target.enterprise), {
      files: {
        businessLicense: { fileName: '营业执照.jpg', content: sampleFiles.jpeg },
        authorizationLetter: { fileName: '授权委托书.png', content: sampleFiles.png },
      },
    });
    expect(real.statusCode).toBe(201);
  });

  it('refuses ID numbers that do not fit their type, naming the field', async () => {
    const who = await registerThroughApi(t.app);
    const cases: Array<[string, string]> = [
      ['passport', 'X1234567'],
      ['hk_macao_permit', 'H1234567'],
      ['taiwan_permit', '1234567A'],
      ['hmt_residence_permit', '810000199001011234'],
    ];
    for (const [idType, idNumber] of cases) {
      const response = await submitVerificationAs(t.app, who, {
        ...legalPersonFields({ uscc: '91440300MA5FAKE001', name: '某公司' }),
        accountType: 'natural_person',
        realName: '王小明',
        idType,
        idNumber,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().invalidParams.map((param: { name: string }) => param.name)).toContain(
        'idNumber',
      );
    }
  });

  it('binds a 自然人 when the enterprise manager approves, and shows a refusal with its reason', async () => {
    const target = await enterpriseWithManager();
    const manager = await signIn(t.app, target.manager.username, target.manager.password);
    const colleague = await verifiedNaturalPerson(t.app, { realName: '赵丽' });
    const refusedOne = await verifiedNaturalPerson(t.app, { realName: '钱多' });
    expect((await requestBindingAs(t.app, colleague, publicFactsOf(target.enterprise))).statusCode).toBe(201);
    expect((await requestBindingAs(t.app, refusedOne, publicFactsOf(target.enterprise))).statusCode).toBe(
      201,
    );

    const pending = (await getAs(t.app, manager, '/api/account/binding-requests')).json().items;
    expect(pending.map((item: { requesterName: string }) => item.requesterName)).toEqual(['赵丽', '钱多']);
    const [forColleague, forRefused] = pending;
    // The manager opens the stamped 授权委托书, not the requester's own ID scan.
    expect(forColleague.documents.map((document: { kind: string }) => document.kind)).toEqual([
      'business_license',
      'authorization_letter',
    ]);
    const letter = await getAs(
      t.app,
      manager,
      `/api/account/binding-requests/${forColleague.id}/documents/${forColleague.documents[1].id}`,
    );
    expect(letter.statusCode).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');

    // Another enterprise's manager neither sees nor decides it.
    const other = await enterpriseWithManager();
    const otherManager = await signIn(t.app, other.manager.username, other.manager.password);
    expect((await getAs(t.app, otherManager, '/api/account/binding-requests')).json().items).toEqual([]);
    const foreign = await sendAs(
      t.app,
      otherManager,
      'POST',
      `/api/account/binding-requests/${forColleague.id}/decision`,
      { decision: 'approve' },
    );
    expect(foreign.statusCode).toBe(404);
    // A colleague still waiting cannot decide either.
    expect(
      (
        await sendAs(t.app, refusedOne, 'POST', `/api/account/binding-requests/${forColleague.id}/decision`, {
          decision: 'approve',
        })
      ).statusCode,
    ).toBe(403);

    const noReason = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/binding-requests/${forRefused.id}/decision`,
      { decision: 'refuse', reason: '\u200b ' },
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().invalidParams[0].name).toBe('reason');
    const refused = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/binding-requests/${forRefused.id}/decision`,
      { decision: 'refuse', reason: '本企业没有这位员工' },
    );
    expect(refused.statusCode).toBe(200);
    expect((await getAs(t.app, refusedOne, '/api/account/binding-request')).json().request).toMatchObject({
      status: 'refused',
      decisionReason: '本企业没有这位员工',
    });
    expect(await textsTo(refusedOne.mobile)).toContain(bindingSmsTemplates.refused);

    const approved = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/binding-requests/${forColleague.id}/decision`,
      { decision: 'approve' },
    );
    expect(approved.statusCode).toBe(200);
    expect(await sessionUser(colleague)).toMatchObject({
      enterprise: { id: target.enterprise.id },
      isEnterpriseManager: false,
    });
    expect((await getAs(t.app, colleague, '/api/enterprise/tasks')).statusCode).toBe(200);
    expect(await textsTo(colleague.mobile)).toContain(bindingSmsTemplates.approved);
    // Deciding twice changes nothing.
    const again = await sendAs(
      t.app,
      manager,
      'POST',
      `/api/account/binding-requests/${forColleague.id}/decision`,
      { decision: 'refuse', reason: '重复' },
    );
    expect(again.statusCode).toBe(409);
    expect(await sessionUser(colleague)).toMatchObject({ enterprise: { id: target.enterprise.id } });
  });

  it('sends a request for an enterprise without a manager to its region administrators only', async () => {
    const enterprise: Enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const who = await verifiedNaturalPerson(t.app, { realName: '孙敏' });
    const asked = await requestBindingAs(t.app, who, publicFactsOf(enterprise));
    expect(asked.json()).toMatchObject({ status: 'pending', reviewer: 'administrator' });
    const requestId = asked.json().id;

    // 渝北区 (another region) neither sees nor acts on it.
    const yubeiQueue = (await getAs(t.app, yubeiAdmin, '/api/admin/binding-requests')).json().items;
    expect(yubeiQueue.map((item: { id: string }) => item.id)).not.toContain(requestId);
    expect((await getAs(t.app, yubeiAdmin, `/api/admin/binding-requests/${requestId}`)).statusCode).toBe(404);
    const yubeiDecision = await sendAs(
      t.app,
      yubeiAdmin,
      'POST',
      `/api/admin/binding-requests/${requestId}/decision`,
      { decision: 'approve' },
    );
    expect(yubeiDecision.statusCode).toBe(404);

    // 深圳市 (the level above) sees it too; 南山区 reviews the scans and approves.
    const shenzhen = await signIn(
      t.app,
      ...credentials(await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' })),
    );
    const cityQueue = (await getAs(t.app, shenzhen, '/api/admin/binding-requests')).json().items;
    expect(cityQueue.map((item: { id: string }) => item.id)).toContain(requestId);
    const review = (await getAs(t.app, nanshanAdmin, `/api/admin/binding-requests/${requestId}`)).json();
    expect(review).toMatchObject({
      enterprise: { uscc: enterprise.uscc, currentManagers: [] },
      requester: { realName: '孙敏', verificationStatus: 'submitted' },
    });
    expect(review.documents.map((document: { kind: string }) => document.kind)).toEqual([
      'identity_document',
      'business_license',
      'authorization_letter',
    ]);
    for (const document of review.documents) {
      const opened = await getAs(
        t.app,
        nanshanAdmin,
        `/api/admin/binding-requests/${requestId}/documents/${document.id}`,
      );
      expect(opened.statusCode).toBe(200);
      const foreign = await getAs(
        t.app,
        yubeiAdmin,
        `/api/admin/binding-requests/${requestId}/documents/${document.id}`,
      );
      expect(foreign.statusCode).toBe(404);
    }

    const approved = await sendAs(
      t.app,
      nanshanAdmin,
      'POST',
      `/api/admin/binding-requests/${requestId}/decision`,
      { decision: 'approve', reason: '营业执照与授权委托书核对无误' },
    );
    expect(approved.statusCode).toBe(200);
    expect(await sessionUser(who)).toMatchObject({
      enterprise: { id: enterprise.id },
      isEnterpriseManager: true,
    });
    expect((await getAs(t.app, who, '/api/account/verification')).json().status).toBe('confirmed');
  });

  it('never demotes a manager on a second 法人 claim; an approved claim is recorded and texted', async () => {
    const target = await enterpriseWithManager();
    const legal = await verifiedLegalPerson(t.app, target.enterprise);
    const claimed = await requestBindingAs(t.app, legal, publicFactsOf(target.enterprise), { files: {} });
    expect(claimed.json()).toMatchObject({ status: 'pending', reviewer: 'administrator' });

    // Nothing changes until an administrator decides.
    const manager = await signIn(t.app, target.manager.username, target.manager.password);
    expect(await sessionUser(manager)).toMatchObject({ isEnterpriseManager: true });
    expect((await sessionUser(legal)).enterprise).toBeNull();

    const review = (
      await getAs(t.app, nanshanAdmin, `/api/admin/binding-requests/${claimed.json().id}`)
    ).json();
    expect(review.isLegalPersonClaim).toBe(true);
    expect(review.enterprise.currentManagers).toHaveLength(1);
    const approved = await sendAs(
      t.app,
      nanshanAdmin,
      'POST',
      `/api/admin/binding-requests/${claimed.json().id}/decision`,
      { decision: 'approve' },
    );
    expect(approved.statusCode).toBe(200);

    // The 法人 manages now; the former manager stays bound as a filer, is told, and the change is recorded.
    expect(await sessionUser(legal)).toMatchObject({
      enterprise: { id: target.enterprise.id },
      isEnterpriseManager: true,
    });
    const formerManager = await signIn(t.app, target.manager.username, target.manager.password);
    expect(await sessionUser(formerManager)).toMatchObject({
      enterprise: { id: target.enterprise.id },
      isEnterpriseManager: false,
    });
    expect(await textsTo(await mobileOf(t.ctx.db, { id: target.managerId }))).toContain(
      bindingSmsTemplates.managerTransferred,
    );
    const transfer = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', target.managerId)
      .where('action', '=', 'account.manager_transferred')
      .executeTakeFirstOrThrow();
    expect(transfer.details).toMatchObject({ enterpriseId: target.enterprise.id });
  });

  it('grants a 法人 claim at once only where the registry check confirms it and nobody manages yet', async () => {
    const confirming = await createTestApp(kind, { registryCheck: { provider: 'development' } });
    try {
      const free = await createEnterprise(confirming.ctx.db, { regionCode: '440305' });
      const legal = await verifiedLegalPerson(confirming.app, free);
      const granted = await requestBindingAs(confirming.app, legal, publicFactsOf(free), { files: {} });
      expect(granted.json()).toMatchObject({ status: 'approved' });
      const session = (await getAs(confirming.app, legal, '/api/session')).json().user;
      expect(session).toMatchObject({ enterprise: { id: free.id }, isEnterpriseManager: true });
    } finally {
      await confirming.close();
    }
    // The default provider confirms nothing: the same claim waits for review.
    const free = await createEnterprise(t.ctx.db, { regionCode: '440305' });
    const legal = await verifiedLegalPerson(t.app, free);
    const waiting = await requestBindingAs(t.app, legal, publicFactsOf(free), { files: {} });
    expect(waiting.json()).toMatchObject({ status: 'pending', reviewer: 'administrator' });
    const withdrawn = await sendAs(t.app, legal, 'DELETE', '/api/account/binding-request');
    expect(withdrawn.statusCode).toBe(204);
    expect((await getAs(t.app, legal, '/api/account/binding-request')).json().request.status).toBe(
      'withdrawn',
    );
  });

  it('refuses removal by a non-manager; a removal is audited and texted to the removed person', async () => {
    const target = await enterpriseWithManager();
    const filer = await createFiler(t.ctx.db, target.enterprise);
    const filerId = await userIdOf(t.ctx.db, filer.username);
    const other = await createFiler(t.ctx.db, target.enterprise);
    const otherId = await userIdOf(t.ctx.db, other.username);

    const nonManager = await signIn(t.app, filer.username, filer.password);
    const refused = await sendAs(t.app, nonManager, 'DELETE', `/api/account/enterprise-accounts/${otherId}`);
    expect(refused.statusCode).toBe(403);
    expect((await sessionUser(await signIn(t.app, other.username, other.password))).enterprise).toMatchObject(
      {
        id: target.enterprise.id,
      },
    );

    const manager = await signIn(t.app, target.manager.username, target.manager.password);
    const removed = await sendAs(t.app, manager, 'DELETE', `/api/account/enterprise-accounts/${filerId}`);
    expect(removed.statusCode).toBe(204);
    expect((await getAs(t.app, nonManager, '/api/session')).statusCode).toBe(401);
    const audit = await t.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_id', '=', filerId)
      .where('action', '=', 'account.unbound')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(target.managerId);
    expect(await textsTo(await mobileOf(t.ctx.db, { id: filerId }))).toEqual([bindingSmsTemplates.removed]);
  });
});
