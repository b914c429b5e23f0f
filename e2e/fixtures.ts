import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, type Page } from '@playwright/test';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screensDir = path.join(repoRoot, 'test-results', 'screens');

/** Saves a full-page screenshot to test-results/screens/<name>.png for people to look at. */
export async function saveScreenOf(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: path.join(screensDir, `${name}.png`), fullPage: true });
}

/** Playwright's test with `baseURL` taken from the server that global-setup.ts started. */
export const test = base.extend<{ saveScreen: (name: string) => Promise<void> }>({
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env['E2E_BASE_URL'];
    if (!url) throw new Error('E2E_BASE_URL is not set: run through e2e/playwright.config.ts (global-setup.ts)');
    await use(url);
  },
  /** Saves a full-page screenshot to test-results/screens/<name>.png for people to look at. */
  saveScreen: async ({ page }: { page: Page }, use) => {
    await use((name: string) => saveScreenOf(page, name));
  },
});

export { expect } from '@playwright/test';
