// `npm start`: builds what is not built, then runs the server (which migrates, seeds the demo
// district on an empty database and serves the API and both front ends on one port).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './build-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await ensureBuilt();
await import(pathToFileURL(path.join(root, 'apps/server/dist/main.js')).href);
