import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The apps/server folder, found by walking up from this file; works from the sources (tsx,
 * vitest) and from the bundle in dist/.
 */
export function serverRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === '@citydesk/server') {
        cached = dir;
        return dir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the @citydesk/server package folder');
    dir = parent;
  }
}

/** A file shipped in apps/server/seed-data. */
export function seedDataPath(name: string): string {
  return path.join(serverRoot(), 'seed-data', name);
}

/** The built front ends, next to the server in the workspace. */
export function frontEndDist(app: 'web' | 'portal'): string {
  return path.resolve(serverRoot(), '..', app, 'dist');
}
