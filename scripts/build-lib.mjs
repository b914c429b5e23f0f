// Builds what is not built (or is older than its sources): the server bundle and the two
// front ends. Used by `npm start`, `npm run build`, `npm run test:e2e` and the citydesk bin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const targets = {
  server: {
    marker: 'apps/server/dist/.built',
    sources: [
      'apps/server/src',
      'apps/server/migrations',
      'apps/server/package.json',
      'apps/server/build.mjs',
      'packages/shared/src',
    ],
  },
  web: {
    marker: 'apps/web/dist/index.html',
    sources: [
      'apps/web/src',
      'apps/web/public',
      'apps/web/index.html',
      'apps/web/vite.config.ts',
      'packages/shared/src',
    ],
  },
  portal: {
    marker: 'apps/portal/dist/index.html',
    sources: [
      'apps/portal/src',
      'apps/portal/public',
      'apps/portal/index.html',
      'apps/portal/vite.config.ts',
      'packages/shared/src',
    ],
  },
};

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Whether a target's output is missing or older than any of its sources. */
export function isStale(name) {
  const t = targets[name];
  const marker = fs.statSync(path.join(root, t.marker), { throwIfNoEntry: false });
  if (!marker) return true;
  return t.sources.some((s) => newestMtime(path.join(root, s)) > marker.mtimeMs);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}

async function buildTarget(name) {
  if (name === 'server') {
    const { buildServer } = await import('../apps/server/build.mjs');
    await buildServer();
  } else {
    run(
      process.execPath,
      [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      path.join(root, 'apps', name),
    );
  }
}

/** Builds the named targets that are missing or stale (all of them with force). */
export async function ensureBuilt(names = Object.keys(targets), { force = false, quiet = false } = {}) {
  for (const name of names) {
    if (!force && !isStale(name)) continue;
    if (!quiet) process.stdout.write(`building ${name}…\n`);
    const started = Date.now();
    await buildTarget(name);
    if (!quiet) process.stdout.write(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
