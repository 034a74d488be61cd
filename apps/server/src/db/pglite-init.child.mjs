// Initialises (initdb) a fresh PGlite data folder, in a process of its own: see `initialiseDataDir` in
// database.ts. Plain JavaScript, so that it runs as it is under tsx, under vitest and beside the bundle.
import { PGlite } from '@electric-sql/pglite';

const pglite = await PGlite.create(process.argv[2]);
await pglite.close();
