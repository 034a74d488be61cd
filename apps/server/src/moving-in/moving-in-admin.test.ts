import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { movingInOverview, movingInRunDetail, movingInRunView } from '@zhibao/contracts';
import { buildUscc } from '@zhibao/survey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../test/factories.ts';
import { createTestApp, getAs, sendAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { writeOldPlatformExport } from './old-platform-files.ts';

const uscc = buildUscc({ authority: '9', kind: '1', division: '500112', subject: 'MA5U7XPG' });

describe.each(databaseKinds)('the ministry’s 原平台数据迁入 page on %s', (kind) => {
  let t: TestApp;
  let ministry: SignedIn;
  let province: SignedIn;

  beforeAll(async () => {
    const movingInDir = await mkdtemp(path.join(tmpdir(), 'zhibao-moving-in-'));
    await writeOldPlatformExport(
      {
        directory: [
          ['统一社会信用代码', '企业名称', '行政区划代码'],
          [uscc, '重庆渝北迁入页面软件有限公司', '500112'],
          ['91500112NOTACODE', '坏代码公司', '500112'],
        ],
        filings: {
          '2025年月报明细.xlsx': [
            ['统一社会信用代码', '企业名称', '报告期', '2010'],
            [uscc, '重庆渝北迁入页面软件有限公司', '2025-03', 1200],
            [uscc, '重庆渝北迁入页面软件有限公司', '2025-04', '一千'],
          ],
        },
      },
      path.join(movingInDir, '2025年导出'),
    );
    t = await createTestApp(kind, { movingInDir });
    const ministryAdmin = await createAdmin(t.ctx.db, { adminLevel: 'ministry', regionCode: '000000' });
    const provinceAdmin = await createAdmin(t.ctx.db, { adminLevel: 'province', regionCode: '500000' });
    ministry = await signIn(t.app, ministryAdmin.username, ministryAdmin.password);
    province = await signIn(t.app, provinceAdmin.username, provinceAdmin.password);
  });
  afterAll(() => t.close());

  it('moves in the chosen export folder, showing its progress, result and every refused row', async () => {
    const overview = movingInOverview.parse((await getAs(t.app, ministry, '/api/admin/moving-in')).json());
    expect(overview.folders).toEqual(['2025年导出']);

    const started = await sendAs(t.app, ministry, 'POST', '/api/admin/moving-in/runs', {
      folder: '2025年导出',
    });
    expect(started.statusCode).toBe(200);
    const run = movingInRunView.parse(started.json());
    expect(run.folder).toBe('2025年导出');

    let detail = movingInRunDetail.parse(
      (await getAs(t.app, ministry, `/api/admin/moving-in/runs/${run.id}`)).json(),
    );
    for (let poll = 0; detail.status === 'running' && poll < 600; poll += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      detail = movingInRunDetail.parse(
        (await getAs(t.app, ministry, `/api/admin/moving-in/runs/${run.id}`)).json(),
      );
    }
    expect(detail).toMatchObject({
      status: 'finished',
      progress: { file: '明细/2025年月报明细.xlsx', fileNumber: 2, files: 2, rows: 2 },
      counts: { enterprisesAdded: 1, filingsAdded: 1, refusedRows: 2 },
      refusalCount: 2,
    });
    expect(detail.refusals.map(({ file, row, column }) => `${file}:${row}:${column}`)).toEqual([
      '企业名录.csv:3:统一社会信用代码',
      '明细/2025年月报明细.xlsx:3:2010',
    ]);
    const runs = movingInOverview.parse((await getAs(t.app, ministry, '/api/admin/moving-in')).json()).runs;
    expect(runs[0]).toMatchObject({ id: run.id, status: 'finished' });
  });

  it('refuses a folder that is not there, naming the field', async () => {
    const answer = await sendAs(t.app, ministry, 'POST', '/api/admin/moving-in/runs', { folder: '../etc' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().invalidParams[0].name).toBe('folder');
  });

  it('is the ministry’s alone', async () => {
    const seen = await getAs(t.app, province, '/api/admin/moving-in');
    expect(seen.statusCode).toBe(403);
    expect(seen.json().detail ?? seen.json().message).toContain('部级管理员');
    const started = await sendAs(t.app, province, 'POST', '/api/admin/moving-in/runs', {
      folder: '2025年导出',
    });
    expect(started.statusCode).toBe(403);
  });
});
