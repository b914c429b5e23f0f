// `npm run build` (with --force: everything) and the build step of `npm run test:e2e`.
import { ensureBuilt } from './build-lib.mjs';

await ensureBuilt(undefined, { force: process.argv.includes('--force') });
