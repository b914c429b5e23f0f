import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from './index.js';

describe('the migrations index', () => {
  it('lists every migration file of the folder, in name order', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const files = fs
      .readdirSync(dir)
      .filter((f) => /^\d{8}T\d{4}-.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });
});
