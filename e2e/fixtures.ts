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

const portalScreensDir = path.join(repoRoot, 'test-results', 'portal-screens');

/**
 * Saves a screenshot of a portal page to test-results/portal-screens/<name>.png: the whole page,
 * or with `viewport` what the phone's screen shows (a sheet or dialog over the page).
 */
export async function savePortalScreen(page: Page, name: string, options: { viewport?: boolean } = {}): Promise<void> {
  mkdirSync(portalScreensDir, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
  if (!options.viewport) await page.evaluate(() => window.scrollTo(0, 0));
  // A passing toast ("code sent") would cover the page; it is gone within a few seconds.
  await page
    .locator('.van-toast:visible')
    .first()
    .waitFor({ state: 'hidden', timeout: 4000 })
    .catch(() => undefined);
  await page.screenshot({ path: path.join(portalScreensDir, `${name}.png`), fullPage: !options.viewport });
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
