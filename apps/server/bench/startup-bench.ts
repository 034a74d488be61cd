import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleServer } from '../src/build/server-bundle.ts';
import { freePort } from '../src/test/server-process.ts';
import type { BenchRow, BenchSection } from './bench-report.ts';

// `npm start` runs the compiled server (dist/main.js); before, it ran src/main.ts through tsx. Each is started as
// `npm start` starts it, on a fresh PGlite data folder (initdb, migrations, demo seed) and again on the folder it
// seeded, timed from spawn to the first ready answer of /readyz; its resident memory is read from /proc once
// it has been idle a while. The baseline for memory is PGlite alone in a plain Node process on the same folder.

const serverDir = path.resolve(import.meta.dirname, '..');
/** How long a process is left idle after it is ready before its memory is read. */
const settleMs = 10_000;

function residentMb(child: ChildProcess): Promise<number> {
  return readFile(`/proc/${child.pid}/status`, 'utf8').then(
    (status) => Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024,
  );
}

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    const isReady = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (isReady) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

interface StartRun {
  seconds: number;
  rssMb: number;
}

/** One start of the server on `dataDir`: seconds to ready, RSS once idle. */
async function startOnce(args: string[], dataDir: string): Promise<StartRun> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      DEMO_DATA: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    await waitForReady(`http://127.0.0.1:${port}`, child);
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { seconds, rssMb: await residentMb(child) };
  } finally {
    await stop(child);
  }
}

/** PGlite alone on `dataDir`: RSS once idle. */
async function pgliteAloneMb(dataDir: string): Promise<number> {
  const child = spawn(process.execPath, [path.join(serverDir, 'bench/pglite-alone.child.mjs'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await once(child.stdout!, 'data');
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return await residentMb(child);
  } finally {
    await stop(child);
  }
}

/** A first start on a fresh folder, then a restart on the folder it seeded, and PGlite alone on that folder. */
async function startTwice(args: string[]) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'zhibao-startup-'));
  try {
    const first = await startOnce(args, dataDir);
    const again = await startOnce(args, dataDir);
    return { first, again, pgliteMb: await pgliteAloneMb(dataDir) };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runStartupBenchmarks({ log }: { log: (line: string) => void }): Promise<BenchSection> {
  log('startup: compiling the server (dist/main.js)');
  const bundle = await bundleServer();
  log('startup: the compiled server, first start and restart');
  const compiled = await startTwice([bundle]);
  log('startup: the server through tsx (as npm start ran it before), first start and restart');
  const tsx = await startTwice(['--import', 'tsx', 'src/main.ts']);
  const memoryRow = (measure: string, value: number, pgliteMb: number): BenchRow => ({
    measure,
    value,
    unit: 'MB',
    baseline: 'PGlite alone in a Node process on the same data folder, one query answered',
    baselineValue: pgliteMb,
    ratio: value / pgliteMb,
    ratioMeaning: 'PGlite alone',
    target: '≤ 1.5× PGlite alone',
    isTargetMet: value / pgliteMb <= 1.5,
  });
  const beforeRow = (measure: string, value: number, before: number, unit: string): BenchRow => ({
    measure,
    value,
    unit,
    baseline: 'the same through tsx, as npm start ran it before',
    baselineValue: before,
    ratio: value / before,
    ratioMeaning: 'before',
  });
  return {
    title: 'Start-up and memory of the server (npm start)',
    method:
      'The compiled server (`node apps/server/dist/main.js`, built by `npm run build -w @zhibao/server`, ' +
      '`src/build/server-bundle.ts`) started as `npm start` starts it with demo data, on a fresh PGlite data ' +
      'folder (initdb, migrations, reference data and the demo seed) and then again on the folder it seeded; ' +
      'time from spawn to the first ready answer of /readyz, resident memory (VmRSS) read after ' +
      `${settleMs / 1000} s idle. Memory baseline: PGlite alone in a plain Node process opening the same ` +
      'folder and answering one query. “Before”: the same starts of src/main.ts through tsx.',
    rows: [
      memoryRow('RSS after the first start (demo seeded), idle', compiled.first.rssMb, compiled.pgliteMb),
      memoryRow('RSS after a restart on the seeded folder, idle', compiled.again.rssMb, compiled.pgliteMb),
      beforeRow(
        'start to ready, fresh data folder (initdb, migrations, demo seed)',
        compiled.first.seconds,
        tsx.first.seconds,
        's',
      ),
      beforeRow('start to ready, seeded data folder', compiled.again.seconds, tsx.again.seconds, 's'),
      beforeRow(
        'fix: compiled server, RSS after the first start, idle',
        compiled.first.rssMb,
        tsx.first.rssMb,
        'MB',
      ),
      beforeRow(
        'fix: compiled server, RSS after a restart, idle',
        compiled.again.rssMb,
        tsx.again.rssMb,
        'MB',
      ),
    ],
    notes: [
      `PGlite alone on the folder the tsx run seeded: ${Math.round(tsx.pgliteMb)} MB.`,
      'A fresh data folder is initialised (PGlite’s initdb) in a short-lived process of its own ' +
        '(`db/pglite-init.child.mjs`): in the server’s process initdb took about 450 MB more than the allocator ' +
        'kept after it was freed, so the first start ran at 1.7× the memory of every later one.',
    ],
  };
}
