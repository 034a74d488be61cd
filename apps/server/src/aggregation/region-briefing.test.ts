import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import {
  aggregationAnalysis,
  aggregationReport,
  type AggregationAnalysis,
  type AggregationReport,
} from '@zhibao/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellValues } from '../db/schema.ts';
import { createAdmin, createEnterprise, createFiling, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signIn, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';
import { briefingFigure } from './region-briefing-pdf.ts';

/**
 * Issue 19, item 2: the one-page 地区简报 (PDF) carries the same figures as the analysis and the 汇总 of the same
 * query — key figures with growth, coverage, the districts ranked, the top enterprises — read back with pdftotext.
 */
const edition = getEdition('2021');
const sample = (seed: number, monthIndex: number, scale: number) =>
  createSampleFiling(edition, { periodType: 'month', seed, scale, monthIndex }) as CellValues;

describe.each(databaseKinds)('the region briefing on %s', (kind) => {
  let t: TestApp;
  let city: SignedIn;
  let taskId: string;
  let analysis: AggregationAnalysis;
  let report: AggregationReport;
  let text: string;
  let pageCount: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.ctx.db;
    const closed = {
      opensAt: new Date(Date.now() - 9 * 86_400_000),
      closesAt: new Date(Date.now() - 86_400_000),
    };
    // The current month is still open: its figures are provisional.
    const current = await createTask(db, { period: '2030-07' });
    const lastYear = await createTask(db, { period: '2029-07', ...closed });
    taskId = current.id;
    const plan = [
      { region: '440305', scale: 1, filedLastYear: true },
      { region: '440305', scale: 2.5, filedLastYear: false },
      { region: '440304', scale: 1.6, filedLastYear: true },
      { region: '440306', scale: 0.7, filedLastYear: true },
      { region: '440304', scale: 1, filedLastYear: null },
    ];
    let seed = 0;
    for (const [index, entry] of plan.entries()) {
      const enterprise = await createEnterprise(db, {
        regionCode: entry.region,
        name: `简报${index + 1}软件有限公司`,
      });
      if (entry.filedLastYear === null) continue; // obliged, silent
      seed += 1;
      await createFiling(db, {
        taskId: current.id,
        enterpriseId: enterprise.id,
        status: 'approved',
        values: sample(seed, 7, entry.scale),
      });
      if (entry.filedLastYear)
        await createFiling(db, {
          taskId: lastYear.id,
          enterpriseId: enterprise.id,
          status: 'approved',
          values: sample(seed + 50, 7, entry.scale * 0.8),
        });
    }
    const admin = await createAdmin(db, { adminLevel: 'city', regionCode: '440300' });
    city = await signIn(t.app, admin.username, admin.password);
    analysis = aggregationAnalysis.parse(
      (await getAs(t.app, city, `/api/admin/aggregation/analysis?taskId=${taskId}`)).json(),
    );
    report = aggregationReport.parse(
      (await getAs(t.app, city, `/api/admin/aggregation?taskId=${taskId}`)).json(),
    );
    const answer = await getAs(t.app, city, `/api/admin/aggregation/briefing?taskId=${taskId}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('application/pdf');
    expect(String(answer.headers['content-disposition'])).toContain(encodeURIComponent('地区简报'));
    const directory = await mkdtemp(path.join(tmpdir(), 'zhibao-briefing-'));
    try {
      const file = path.join(directory, 'briefing.pdf');
      await writeFile(file, answer.rawPayload);
      text = (await promisify(execFile)('pdftotext', ['-layout', file, '-'])).stdout;
      const info = (await promisify(execFile)('pdfinfo', [file])).stdout;
      pageCount = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
  afterAll(() => t.close());

  const lines = () => text.split('\n').map((line) => line.trim().split(/\s+/));
  /** The printed line whose cells begin with these, its cells after them. */
  const lineStartingWith = (...start: string[]) =>
    lines()
      .find((cells) => start.every((cell, index) => cells[index] === cell))
      ?.slice(start.length);

  it('fits on one page and marks the open month as provisional', () => {
    expect(pageCount).toBe(1);
    expect(text).toContain('深圳市软件和信息技术服务业简报');
    expect(text).toContain('（初步）');
  });

  it('prints the key figures of the 汇总: 本期, 去年同期 and 增速', () => {
    const headline = report.indicators.find((indicator) => indicator.id === report.headlineIds[0])!;
    expect(headline.growth).not.toBeNull();
    expect(lineStartingWith(headline.name)).toEqual([
      headline.unit!,
      briefingFigure(headline.total, 'amount'),
      briefingFigure(headline.lastYear, 'amount'),
      briefingFigure(headline.growth, 'rate'),
    ]);
  });

  it('prints the coverage of the analysis', () => {
    const { expected, submitted, approved } = analysis.coverage;
    expect(expected).toBe(5);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(`应报${expected}户`);
    expect(flat).toContain(`已报${submitted}户`);
    expect(flat).toContain(`已审${approved}户`);
  });

  it('ranks the districts as the analysis does, figure for figure', () => {
    expect(analysis.regionRanking.length).toBe(3);
    analysis.regionRanking.forEach((row, index) => {
      expect(lineStartingWith(String(index + 1), row.name), row.name).toEqual([
        briefingFigure(row.total, 'amount'),
        briefingFigure(row.lastYear, 'amount'),
        briefingFigure(row.growth, 'rate'),
        briefingFigure(row.contribution, 'rate'),
        briefingFigure(row.share, 'rate'),
        `${row.coverage.expected}/${row.coverage.submitted}/${row.coverage.approved}`,
      ]);
    });
  });

  it('lists the top enterprises of the analysis', () => {
    const top = analysis.enterpriseRanking.byTotal;
    expect(top.length).toBe(4);
    top.forEach((row, index) => {
      expect(lineStartingWith(String(index + 1), row.name, row.regionName), row.name).toEqual([
        briefingFigure(row.total, 'amount'),
        briefingFigure(row.growth, 'rate'),
        briefingFigure(row.contribution, 'rate'),
      ]);
    });
  });

  it('keeps another city’s administrator out, and names a bad task', async () => {
    const other = await createAdmin(t.ctx.db, { adminLevel: 'city', regionCode: '440100' });
    const outsider = await signIn(t.app, other.username, other.password);
    const foreign = await getAs(
      t.app,
      outsider,
      `/api/admin/aggregation/briefing?taskId=${taskId}&regionCode=440300`,
    );
    expect(foreign.statusCode).toBe(404);
    const bad = await getAs(t.app, city, '/api/admin/aggregation/briefing?taskId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('任务编号格式有误');
  });
});
