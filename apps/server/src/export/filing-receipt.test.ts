import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createSampleFiling, getEdition } from '@zhibao/survey';
import * as fontkit from 'fontkit';
import type { PDFRawStream } from 'pdf-lib';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, submissionChecksum } from '../filing/submission-checksum.ts';
import { createAdmin, createEnterprise, createFiler, createTask } from '../test/factories.ts';
import { createTestApp, getAs, signInEach, type SignedIn, type TestApp } from '../test/test-app.ts';
import { databaseKinds } from '../test/test-database.ts';

describe('the submission checksum', () => {
  it('is the same for the same values whatever the order of their keys', () => {
    expect(canonicalJson({ b: { y: 1, x: null }, a: 'A61' })).toBe('{"a":"A61","b":{"x":null,"y":1}}');
    expect(submissionChecksum({ monthly: { '2010': 1, '2020': 2 } })).toBe(
      submissionChecksum({ monthly: { '2020': 2, '2010': 1 } }),
    );
    expect(submissionChecksum({ monthly: { '2010': 1 } })).not.toBe(
      submissionChecksum({ monthly: { '2010': 2 } }),
    );
  });
});

/** The outlines of every glyph of the TrueType fonts a PDF embeds: a broken subset has glyphs that are blank or fail to decode. */
function embeddedGlyphOutlines(document: PDFDocument): Array<number | 'broken'> {
  const outlines: Array<number | 'broken'> = [];
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    const file = object instanceof PDFDict ? object.get(PDFName.of('FontFile2')) : undefined;
    if (!file) continue;
    const bytes = decodePDFRawStream(document.context.lookup(file) as PDFRawStream).decode();
    const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    for (let id = 1; id < font.numGlyphs; id += 1) {
      try {
        outlines.push(font.getGlyph(id).path.commands.length);
      } catch {
        outlines.push('broken');
      }
    }
  }
  return outlines;
}

describe.each(databaseKinds)('打印回执 (the submission receipt as PDF) on %s', (kind) => {
  let t: TestApp;
  let who: Record<'filer' | 'otherFiler' | 'district' | 'otherDistrict', SignedIn>;
  let filingId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const enterprise = await createEnterprise(t.ctx.db, {
      regionCode: '440305',
      name: '回执测试软件有限公司',
    });
    const other = await createEnterprise(t.ctx.db, { regionCode: '440305', name: '别家软件有限公司' });
    who = await signInEach(t.app, {
      filer: await createFiler(t.ctx.db, enterprise),
      otherFiler: await createFiler(t.ctx.db, other),
      district: await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440305' }),
      otherDistrict: await createAdmin(t.ctx.db, { adminLevel: 'county', regionCode: '440304' }),
    });
    const task = await createTask(t.ctx.db, { period: '2026-05' });
    const values = createSampleFiling(getEdition(), {
      periodType: 'month',
      seed: 7,
      scale: 1,
      monthIndex: 5,
    });
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/enterprise/tasks/${task.id}/filing/submit`,
      headers: { cookie: who.filer.cookie, 'x-csrf-token': who.filer.csrfToken },
      payload: { version: null, values, explanations: {} },
    });
    expect(submitted.statusCode).toBe(200);
    filingId = submitted.json().filingId as string;
  });
  afterAll(() => t.close());

  it('gives the enterprise a PDF whose receipt states the time, the version and the checksum of the stored values', async () => {
    const response = await getAs(t.app, who.filer, `/api/filings/${filingId}/receipt.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(
      encodeURIComponent('2026年05月软件和信息技术服务业月报-企业月报表-上报回执-第1版.pdf'),
    );

    const document = await PDFDocument.load(response.rawPayload);
    expect(document.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(document.getTitle()).toBe('2026年05月软件和信息技术服务业月报-企业月报表 上报回执');

    const stored = await t.ctx.db
      .selectFrom('filing_revisions')
      .select(['cell_values', 'submitted_at', 'revision_no'])
      .where('filing_id', '=', filingId)
      .executeTakeFirstOrThrow();
    const checksum = submissionChecksum(stored.cell_values);
    const subject = document.getSubject()!;
    expect(subject).toContain('填报单位：回执测试软件有限公司');
    expect(subject).toContain('上报版本：第1版');
    expect(subject).toContain(`校验码（SHA-256）：${checksum}`);
    expect(subject).toMatch(/上报时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/);
    expect(document.getKeywords()).toContain(`sha256:${checksum}`);
    expect(document.getKeywords()).toContain(`submittedAt:${stored.submitted_at.toISOString()}`);
  });

  it('embeds only the glyphs it uses, each of them drawn, and its Chinese text is read back from the page (poppler)', async () => {
    const response = await getAs(t.app, who.filer, `/api/filings/${filingId}/receipt.pdf`);
    // The whole Droid Sans Fallback is 4 MB (2.2 MB in the PDF); the receipt's few hundred characters are far less.
    expect(response.rawPayload.length).toBeLessThan(200_000);
    // Every glyph kept draws something (pdf-lib's own fontkit fork wrote subsets whose glyphs were blank).
    const outlines = embeddedGlyphOutlines(await PDFDocument.load(response.rawPayload));
    expect(outlines.length).toBeGreaterThan(100);
    expect(outlines.filter((commands) => commands === 'broken' || commands === 0)).toEqual([]);
    const dir = await mkdtemp(path.join(tmpdir(), 'zhibao-receipt-'));
    try {
      const file = path.join(dir, 'receipt.pdf');
      await writeFile(file, response.rawPayload);
      const { stdout } = await promisify(execFile)('pdftotext', ['-layout', file, '-']);
      expect(stdout).toContain('上报回执');
      expect(stdout).toContain('回执测试软件有限公司');
      expect(stdout).toContain('主营业务收入');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is printed for an administrator of the region, and is "not found" for another enterprise or region', async () => {
    expect((await getAs(t.app, who.district, `/api/filings/${filingId}/receipt.pdf`)).statusCode).toBe(200);
    for (const stranger of [who.otherFiler, who.otherDistrict]) {
      const refused = await getAs(t.app, stranger, `/api/filings/${filingId}/receipt.pdf`);
      expect(refused.statusCode).toBe(404);
      expect(refused.json().detail).toBe('报表不存在或无权访问');
    }
  });
});
