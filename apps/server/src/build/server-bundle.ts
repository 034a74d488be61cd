import { copyFile, cp } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

// `npm start` runs the server as JavaScript compiled here, not through a TypeScript loader: tsx compiles every
// module on first import and keeps the sources and source maps in memory for the life of the process. The
// workspace packages (@zhibao/*, TypeScript sources) are bundled in; every other package stays in node_modules
// and is imported at run time, since several load files beside themselves (PGlite's wasm and data bundle,
// @node-rs/argon2's native binding, pino's transport workers).

const serverDir = path.resolve(import.meta.dirname, '../..');

/** The bundle's entry points: the server, and each workbook worker thread (see http/xlsx-worker.ts). */
const entryPoints = {
  main: 'src/main.ts',
  'enterprise-workbook.worker': 'src/enterprise/enterprise-workbook.worker.ts',
  'filing-workbook-reader.worker': 'src/export/filing-workbook-reader.worker.ts',
};

// Modules find files relative to their own URL (the worker modules, `repoRoot`); bundled, that URL is the entry
// file's, so every entry is written whole (no shared chunks) and flat in one folder as deep as src/.
const keepPackagesExternal: Plugin = {
  name: 'keep-packages-external',
  setup(builder) {
    // Bundled: the workspace packages and their own subpath imports (#edition-sources of @zhibao/survey).
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@zhibao/') || args.path.startsWith('#')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

/** The server's compiled entry points, in `outDir` (apps/server/dist by default). */
export async function bundleServer(outDir = path.join(serverDir, 'dist')): Promise<string> {
  await build({
    absWorkingDir: serverDir,
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    plugins: [keepPackagesExternal],
    logLevel: 'warning',
  });
  // Plain JavaScript run in a process of its own, looked up beside the module that starts it (db/database.ts).
  await copyFile(
    path.join(serverDir, 'src/db/pglite-init.child.mjs'),
    path.join(outDir, 'pglite-init.child.mjs'),
  );
  // The old platform's demo export the first start moves in (db/seed/seed.ts finds it beside the module).
  await cp(path.join(serverDir, 'src/db/seed/old-platform-demo'), path.join(outDir, 'old-platform-demo'), {
    recursive: true,
  });
  return path.join(outDir, 'main.js');
}
