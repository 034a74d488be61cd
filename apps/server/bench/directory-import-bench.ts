import { buildUscc } from '@zhibao/survey';
import ExcelJS from 'exceljs';
import type { Actor } from '../src/access/actor.ts';
import type { AppContext } from '../src/app-context.ts';
import { previewDirectoryImport } from '../src/enterprise/enterprise-import.service.ts';
import { importColumns, readImportSheetOffThread } from '../src/enterprise/enterprise-workbook.ts';
import { medianMilliseconds } from './aggregation-bench.ts';
import type { BenchSection } from './bench-report.ts';

// 名录导入预览 of 10,000 rows through the app's own service (apps/server/src/enterprise): half of them update
// enterprises of the national data set (a new 法定代表人 and revenue figures, so 纳统 is decided again), half are
// new. Beside it, reading the same workbook alone: what any import of the file costs before a row is checked.

const ROWS = 10_000;
const RUNS = 3;
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function subjectBody(serial: number): string {
  let rest = serial;
  let body = '';
  for (let i = 0; i < 7; i += 1) {
    body += alphabet[rest % alphabet.length];
    rest = Math.floor(rest / alphabet.length);
  }
  return `B${body}`;
}

export async function runDirectoryImportBenchmarks(options: {
  ctx: AppContext;
  log: (line: string) => void;
}): Promise<BenchSection> {
  const { ctx, log } = options;
  const admin = await ctx.db
    .insertInto('users')
    .values({
      username: 'bench-directory',
      password_hash: '-',
      display_name: '名录基准',
      role: 'admin',
      admin_level: 'ministry',
      region_code: '000000',
      enterprise_id: null,
    })
    .onConflict((conflict) => conflict.column('username').doUpdateSet({ display_name: '名录基准' }))
    .returning('id')
    .executeTakeFirstOrThrow();
  const ministry: Actor = {
    userId: admin.id,
    username: 'bench-directory',
    role: 'admin',
    adminLevel: 'ministry',
    regionCode: '000000',
    regionLevel: 'nation',
    enterpriseId: null,
  };
  const listed = await ctx.db
    .selectFrom('enterprises')
    .select(['uscc', 'name', 'region_code', 'industry_code'])
    .orderBy('uscc')
    .limit(ROWS / 2)
    .execute();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('企业名录');
  sheet.addRow([...importColumns]);
  for (const [index, row] of listed.entries()) {
    sheet.addRow([
      row.uscc,
      row.name,
      row.region_code,
      `新法人${index}`,
      row.industry_code,
      2500 + index,
      1000,
      '',
      '否',
      '2',
      '是',
      '否',
    ]);
  }
  for (let index = 0; index < ROWS - listed.length; index += 1) {
    const region = listed[index % listed.length]!.region_code;
    const uscc = buildUscc({ authority: '9', kind: '1', division: region, subject: subjectBody(index) });
    sheet.addRow([
      uscc,
      `基准新增软件有限公司${index}`,
      region,
      '新人',
      '6513',
      3000,
      2000,
      '',
      '否',
      '3',
      '否',
      '否',
    ]);
  }
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  const file = { fileName: '名录基准.xlsx', content };

  log(
    `directory: preview of a ${ROWS.toLocaleString('en')}-row import (${listed.length.toLocaleString('en')} updates)`,
  );
  const preview = await previewDirectoryImport(ctx, ministry, file);
  const previewMs = await medianMilliseconds(() => previewDirectoryImport(ctx, ministry, file), RUNS);
  const readMs = await medianMilliseconds(
    () => readImportSheetOffThread(ctx.config.xlsxParsing, content),
    RUNS,
  );
  await ctx.db.deleteFrom('directory_import_previews').where('user_id', '=', admin.id).execute();
  const seconds = previewMs / 1000;
  return {
    title: 'Directory import preview (名录导入预览)',
    method:
      `One .xlsx of ${ROWS.toLocaleString('en')} rows (${(content.length / 1024).toFixed(0)} KB): ` +
      `${preview.counts.updated.toLocaleString('en')} updates of listed enterprises and ` +
      `${preview.counts.new.toLocaleString('en')} new ones, previewed by the ministry through ` +
      `previewDirectoryImport (read in a worker thread, every row checked, 纳统 decided, the plan stored); ` +
      `median of ${RUNS} runs after one warm-up, on PostgreSQL.`,
    rows: [
      {
        measure: `import preview of ${ROWS.toLocaleString('en')} rows`,
        value: Math.round(seconds * 100) / 100,
        unit: 's',
        baseline: 'reading the same workbook alone (worker thread)',
        baselineValue: Math.round(readMs / 10) / 100,
        ratio: previewMs / readMs,
        ratioMeaning: 'the time to read the file',
        target: '≤ 10 s',
        isTargetMet: seconds <= 10,
      },
    ],
    notes: [
      'Nothing is written to the directory by a preview; the confirmation applies the stored plan in one transaction.',
    ],
  };
}
