import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type {
  MovingInCounts,
  MovingInOverview,
  MovingInRunDetail,
  MovingInRunView,
  StartMovingInBody,
} from '@zhibao/contracts';
import type { Actor } from '../access/actor.ts';
import { authorizeActor } from '../access/policy.ts';
import type { AppContext } from '../app-context.ts';
import { AppError, notFound } from '../http/app-error.ts';
import { personalDataCipher } from '../personal-data/personal-data.ts';
import { countRefusals, findImportRun, listImportRuns, listRefusals } from './moving-in.repository.ts';
import { beginOldPlatformImport } from './moving-in.service.ts';

// 原平台数据迁入 from the administrator's page: the exports are put in folders under MOVING_IN_DIR (an export of a
// year of the whole country is hundreds of megabytes: copied there, not uploaded through a browser); the ministry
// chooses one, starts the run and follows it.

const refusalsShown = 1000;
/** Runs of this process still going: one at a time, as two would only compete for the same rows. */
const runningHere = new Set<string>();

type RunRow = NonNullable<Awaited<ReturnType<typeof findImportRun>>>;

function runViewOf(row: RunRow): MovingInRunView {
  const progress = row.progress as Partial<{
    file: string;
    fileNumber: number;
    files: number;
    rows: number;
    counts: MovingInCounts;
  }>;
  const finished = row.status !== 'running' && Object.keys(row.counts as object).length > 0;
  return {
    id: row.id,
    folder: path.basename(row.source),
    status: row.status as MovingInRunView['status'],
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    progress:
      progress.file !== undefined
        ? {
            file: progress.file,
            fileNumber: progress.fileNumber!,
            files: progress.files!,
            rows: progress.rows!,
          }
        : null,
    counts: finished ? (row.counts as MovingInCounts) : (progress.counts ?? null),
  };
}

async function exportFolders(ctx: AppContext): Promise<string[]> {
  const entries = await readdir(ctx.config.movingInDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

export async function getMovingInOverview(ctx: AppContext, actor: Actor): Promise<MovingInOverview> {
  authorizeActor(actor, 'migration.import');
  return {
    directory: ctx.config.movingInDir,
    folders: await exportFolders(ctx),
    runs: (await listImportRuns(ctx.db, 20)).map(runViewOf),
  };
}

/** 开始迁入: starts the import of the chosen folder and answers at once; the page follows its progress. */
export async function startMovingIn(
  ctx: AppContext,
  actor: Actor,
  input: StartMovingInBody,
  log: { error(details: object, message: string): void },
): Promise<MovingInRunView> {
  const admin = authorizeActor(actor, 'migration.import');
  if (!(await exportFolders(ctx)).includes(input.folder)) {
    const reason = `在 ${ctx.config.movingInDir} 下没有名为“${input.folder}”的导出文件夹`;
    throw new AppError('VALIDATION_FAILED', reason, [{ name: 'folder', reason }]);
  }
  if (runningHere.size > 0) throw new AppError('CONFLICT', '已有一次迁入正在进行，请待其完成后再开始');
  const { runId, outcome } = await beginOldPlatformImport(
    { ...ctx, cipher: personalDataCipher(ctx.config) },
    path.join(ctx.config.movingInDir, input.folder),
    {
      startedBy: admin.userId,
    },
  );
  runningHere.add(runId);
  // The run goes on after the answer; a failure is recorded on the run (status failed) and logged.
  void outcome
    .catch((error: unknown) => log.error({ err: error, runId }, 'moving-in run failed'))
    .finally(() => runningHere.delete(runId));
  return runViewOf((await findImportRun(ctx.db, runId))!);
}

export async function getMovingInRun(
  ctx: AppContext,
  actor: Actor,
  runId: string,
): Promise<MovingInRunDetail> {
  authorizeActor(actor, 'migration.import');
  const row = /^[0-9a-f-]{36}$/i.test(runId) ? await findImportRun(ctx.db, runId) : undefined;
  if (!row) throw notFound('迁入记录');
  const refusals = await listRefusals(ctx.db, runId, refusalsShown);
  return {
    ...runViewOf(row),
    refusals: refusals.map((refusal) => ({
      file: refusal.file,
      row: refusal.row_number,
      column: refusal.column_name,
      reason: refusal.reason,
    })),
    refusalCount: await countRefusals(ctx.db, runId),
  };
}
