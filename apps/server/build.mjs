// Bundles the server (main.ts and cli.ts) into dist/ with esbuild. npm packages stay external
// (native modules such as better-sqlite3 must load from node_modules); the workspace package
// @citydesk/shared, which ships TypeScript sources, is bundled in.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const external = Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@citydesk/'));

/** Builds dist/main.js and dist/cli.js. */
export async function buildServer() {
  fs.rmSync(path.join(here, 'dist'), { recursive: true, force: true });
  await build({
    entryPoints: [path.join(here, 'src/main.ts'), path.join(here, 'src/cli.ts')],
    outdir: path.join(here, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external,
    logLevel: 'warning',
    legalComments: 'none',
  });
  fs.writeFileSync(path.join(here, 'dist', '.built'), new Date().toISOString());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
}
