import path from 'node:path';
import { bundleServer } from './server-bundle.ts';

// `npm run build -w @zhibao/server`: compiles the server for `npm start` (see server-bundle.ts).
const main = await bundleServer();
console.log(`Server compiled to ${path.relative(process.cwd(), main)}`);
