import { readdir, readFile, stat } from 'node:fs/promises';
import { runCli } from './run-cli.ts';

// Entry of the `zhibao` command (bin/zhibao.js loads it through tsx).
process.exitCode = await runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path),
  listFolder: async (path) => {
    const info = await stat(path).catch(() => null);
    return info?.isDirectory() ? readdir(path) : null;
  },
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
