import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, errorMessage } from './errors.js';

const docPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/errors.md');

describe('the error catalogue', () => {
  it('is documented in docs/errors.md, code by code, with the same status and messages', () => {
    const rows = fs
      .readFileSync(docPath, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    const documented: Record<string, { status: number; zh: string | undefined; en: string | undefined }> = {};
    for (const r of rows) documented[r[1]?.replace(/`/g, '') ?? ''] = { status: Number(r[2]), zh: r[3], en: r[4] };
    expect(documented).toEqual(
      Object.fromEntries(
        Object.entries(errorCatalogue).map(([code, d]) => [code, { status: d.status, zh: d.zh, en: d.en }]),
      ),
    );
  });

  it('has a Chinese and an English message for every code', () => {
    for (const code of Object.keys(errorCatalogue) as (keyof typeof errorCatalogue)[]) {
      expect(errorMessage(code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(errorMessage(code, 'en-US')).toMatch(/^[A-Z][\x20-\x7e’]+$/);
    }
  });
});
