// The entry of every workbook worker. Node 20 cannot load TypeScript in a worker, whether the server runs under
// tsx (`npm start`) or the tests under vitest, so this plain module registers tsx in the worker first and then
// imports the worker module named in the job.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
