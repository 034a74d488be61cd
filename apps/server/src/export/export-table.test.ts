import { PassThrough, Writable } from 'node:stream';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.ts';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { openTaskFilingsExport } from './export.service.ts';

const shenzhen: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'shenzhen',
  role: 'admin',
  adminLevel: 'city',
  regionCode: '440300',
  regionLevel: 'city',
  enterpriseId: null,
};

async function exportToWorkbook(
  ctx: TestApp['ctx'],
  actor: Actor,
  query: { taskId: string; regionCode?: string },
) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => output.on('end', resolve));
  const written = await (await openTaskFilingsExport(ctx, actor, query)).writeTo(output);
  await ended;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return { written, sheet: workbook.worksheets[0]! };
}

describe.each(databaseKinds)('明细导出 of a task on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  const filed = createSampleFiling(getEdition(), {
    periodType: 'month',
    seed: 21,
    monthIndex: 4,
  }) as CellValues;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-04' })).id;
    const nanshan = await createEnterprise(db, { regionCode: '440305', name: '南山明细甲' });
    const futian = await createEnterprise(db, { regionCode: '440304', name: '福田明细甲' });
    const yubei = await createEnterprise(db, { regionCode: '500112', name: '渝北明细甲' });
    await createFiling(db, { taskId, enterpriseId: nanshan.id, status: 'approved', values: filed });
    await createFiling(db, { taskId, enterpriseId: futian.id, status: 'draft', values: filed });
    await createFiling(db, { taskId, enterpriseId: yubei.id, status: 'submitted', values: filed });
  });
  afterAll(() => t.close());

  it('writes a row per filed filing of the region, with the computed cells, and leaves drafts out', async () => {
    const { written, sheet } = await exportToWorkbook(t.ctx, shenzhen, { taskId });
    expect(written).toBe(1);
    expect(sheet.name).toBe('月报明细');
    const heads = sheet.getRow(1).values as unknown[];
    const names = sheet.getRow(2).values as unknown[];
    const row = sheet.getRow(3).values as unknown[];
    expect(row.slice(1, 6)).toEqual([expect.any(String), '南山明细甲', '440305', '2026-04', '已通过']);
    const revenueColumn = names.indexOf('主营业务收入');
    expect(String(heads[revenueColumn])).toContain('2010');
    expect(row[revenueColumn]).toBe(filed.monthly!['2010']);
    // 软件业务收入 (2020) is computed: the export carries it although the filer never typed it.
    const softwareColumn = heads.findIndex((head) => typeof head === 'string' && head.endsWith(' 2020'));
    expect(typeof row[softwareColumn]).toBe('number');
    expect(sheet.getRow(4).values).toEqual([]);
  });

  it('downloads the 明细 of the region over HTTP, and answers another region’s administrator 404', async () => {
    const city = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440300' });
    const yubei = await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '500112' });
    const url = `/api/admin/tasks/${taskId}/filings/export.xlsx`;
    const response = await getAs(t.app, await signIn(t.app, city.username, city.password), url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(3).getCell(2).value).toBe('南山明细甲');

    const foreign = await getAs(
      t.app,
      await signIn(t.app, yubei.username, yubei.password),
      `${url}?regionCode=440305`,
    );
    expect(foreign.statusCode).toBe(404);
    const badRegion = await getAs(
      t.app,
      await signIn(t.app, city.username, city.password),
      `${url}?regionCode=44`,
    );
    expect(badRegion.statusCode).toBe(400);
    expect(badRegion.json().invalidParams[0].name).toBe('regionCode');
  });

  it('refuses a region outside the administrator’s own', async () => {
    await expect(exportToWorkbook(t.ctx, shenzhen, { taskId, regionCode: '500112' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe.each(databaseKinds)('明细导出 of more filings than one page on %s', (kind) => {
  let t: TestApp;
  let taskId: string;
  const filings = 1100;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    taskId = (await createTask(db, { period: '2026-05' })).id;
    const values = JSON.stringify(
      createSampleFiling(getEdition(), { periodType: 'month', seed: 31, monthIndex: 5 }),
    );
    const enterprises = [];
    for (let i = 0; i < filings; i += 1)
      enterprises.push(await createEnterprise(db, { regionCode: '440306' }));
    await db
      .insertInto('filings')
      .values(
        enterprises.map((enterprise) => ({
          task_id: taskId,
          enterprise_id: enterprise.id,
          status: 'approved' as const,
          cell_values: values,
          explanations: '{}',
          submitted_at: new Date(),
          updated_at: new Date(),
        })),
      )
      .execute();
  }, 120_000);
  afterAll(() => t.close());

  it('streams every filing to a reader that takes its time', async () => {
    const chunks: Buffer[] = [];
    // A slow download: each chunk is taken a turn of the event loop later, so the writer must wait for it.
    const output = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        setImmediate(done);
      },
    });
    const finished = new Promise((resolve) => output.on('finish', resolve));
    const exported = await openTaskFilingsExport(t.ctx, shenzhen, { taskId });
    expect(await exported.writeTo(output)).toBe(filings);
    await finished;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const usccs = new Set(sheet.getColumn(1).values.slice(3));
    expect(usccs.size).toBe(filings);
  });

  it('stops when the download is cut short instead of waiting for a reader that is gone', async () => {
    const output = new PassThrough();
    output.once('readable', () => output.destroy());
    const exported = await openTaskFilingsExport(t.ctx, shenzhen, { taskId });
    await expect(exported.writeTo(output)).rejects.toThrow('明细导出的输出已关闭');
  });
});
