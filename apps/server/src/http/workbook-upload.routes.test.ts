import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XlsxParsingSettings } from '../config.ts';
import { createAdmin, createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { handMadeWorkbook } from '../test/zip-fixtures.ts';

/**
 * Issue 14, finding 4: a 686 KB workbook of 2.75 million shared strings passed the upload guard and kept the
 * event loop busy for seconds. Both importers must refuse such a file by name, parse what they accept in a
 * worker within a budget, and never take more than a few at once.
 */

const tooManyStrings = 'Excel 文件中的共享字符串过多（超过 200000 个），请删除多余内容后重新上传';

interface Uploader {
  t: TestApp;
  admin: SignedIn;
  filer: SignedIn;
  taskId: string;
}

async function createUploader(
  kind: (typeof databaseKinds)[number],
  xlsxParsing?: Partial<XlsxParsingSettings>,
): Promise<Uploader> {
  const t = await createTestApp(
    kind,
    xlsxParsing
      ? { xlsxParsing: { concurrency: 2, timeBudgetMs: 60_000, memoryBudgetMb: 256, ...xlsxParsing } }
      : {},
  );
  const enterprise = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '上传测试软件有限公司' });
  const filerAccount = await createFiler(t.ctx.db, enterprise);
  const adminAccount = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' });
  const task = await createTask(t.ctx.db, { periodType: 'month', period: '2026-05' });
  return {
    t,
    admin: await signIn(t.app, adminAccount.username, adminAccount.password),
    filer: await signIn(t.app, filerAccount.username, filerAccount.password),
    taskId: task.id,
  };
}

function importDirectory(uploader: Uploader, content: Buffer): Promise<LightMyRequestResponse> {
  return sendAs(uploader.t.app, uploader.admin, 'POST', '/api/admin/enterprises/import', {
    fileName: '名录.xlsx',
    contentBase64: content.toString('base64'),
  });
}

function importTemplate(uploader: Uploader, content: Buffer): Promise<LightMyRequestResponse> {
  return sendAs(
    uploader.t.app,
    uploader.filer,
    'POST',
    `/api/enterprise/tasks/${uploader.taskId}/filing/import`,
    {
      fileName: '模板.xlsx',
      contentBase64: content.toString('base64'),
    },
  );
}

describe.each(databaseKinds)('uploaded workbooks on %s', (kind) => {
  let uploader: Uploader;
  beforeAll(async () => {
    uploader = await createUploader(kind);
  });
  afterAll(() => uploader.t.close());

  it('refuses a workbook of too many shared strings at both importers, naming the problem', async () => {
    // Well under the old limits: 0.7 MB zipped, about 6 MB inflated, no sheet over its row or cell limit.
    const hostile = handMadeWorkbook({ sharedStrings: 250_000 });
    expect(hostile.length).toBeLessThan(1024 * 1024);
    const directory = await importDirectory(uploader, hostile);
    expect(directory.statusCode).toBe(400);
    expect(directory.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: `文件“名录.xlsx”被拒绝：${tooManyStrings}`,
      invalidParams: [{ name: 'contentBase64', reason: tooManyStrings }],
    });
    const template = await importTemplate(uploader, hostile);
    expect(template.statusCode).toBe(400);
    expect(template.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      invalidParams: [{ name: '(文件)', reason: tooManyStrings }],
    });
  });

  it('refuses a workbook of too many cell styles, naming the problem', async () => {
    const response = await importDirectory(uploader, handMadeWorkbook({ cellFormats: 70_000 }));
    expect(response.statusCode).toBe(400);
    expect(response.json().invalidParams).toEqual([
      {
        name: 'contentBase64',
        reason: 'Excel 文件中的单元格样式过多（超过 64000 个），请清除多余格式后重新上传',
      },
    ]);
  });

  it('answers /healthz before it answers an upload still being parsed', async () => {
    // Allowed, but a second or so of parsing.
    const heavy = handMadeWorkbook({ sharedStrings: 190_000 });
    let isUploadAnswered = false;
    const upload = importDirectory(uploader, heavy).then((response) => {
      isUploadAnswered = true;
      return response;
    });
    const health = await uploader.t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(isUploadAnswered).toBe(false);
    // The file was read in full: its one cell is no header the directory knows.
    expect((await upload).json().detail).toBe(
      '名录文件缺少列：统一社会信用代码、企业名称、行政区划代码、法定代表人、行业代码',
    );
  });
});

describe.each(databaseKinds)('uploaded workbooks beyond the parsing budget on %s', (kind) => {
  it('stops a parse that outgrows its memory and refuses the upload at both importers, saying so', async () => {
    const uploader = await createUploader(kind, { memoryBudgetMb: 16 });
    try {
      const heavy = handMadeWorkbook({ sharedStrings: 190_000 });
      const reason = 'Excel 文件解析所需内存超过 16 MB 的上限，已停止；请删除多余内容或分批上传';
      const directory = await importDirectory(uploader, heavy);
      expect(directory.statusCode).toBe(400);
      expect(directory.json().invalidParams).toEqual([{ name: 'contentBase64', reason }]);
      const template = await importTemplate(uploader, heavy);
      expect(template.statusCode).toBe(400);
      expect(template.json().invalidParams).toEqual([{ name: '(文件)', reason }]);
    } finally {
      await uploader.t.close();
    }
  });

  it('parses one workbook at a time when so configured, queues a few and refuses the rest as busy', async () => {
    const uploader = await createUploader(kind, { concurrency: 1 });
    try {
      const heavy = handMadeWorkbook({ sharedStrings: 100_000 });
      const answers = await Promise.all(Array.from({ length: 8 }, () => importDirectory(uploader, heavy)));
      const busy = answers.filter((answer) => answer.statusCode === 503);
      const read = answers.filter((answer) => answer.statusCode === 400);
      expect(busy.length + read.length).toBe(8);
      // At most one running and four waiting (four per worker) are read; the others are told to come back.
      // (A waiter whose turn does not come within the wait limit is told so too, on a slow machine.)
      expect(read.length).toBeGreaterThanOrEqual(1);
      expect(busy.length).toBeGreaterThanOrEqual(3);
      for (const answer of busy) {
        expect(answer.json()).toMatchObject({
          code: 'SERVER_BUSY',
          detail: '系统繁忙：正在处理其他 Excel 文件，请稍后重新上传',
        });
      }
    } finally {
      await uploader.t.close();
    }
  });
});
