import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

/**
 * End-to-end tests against the built server and front ends. global-setup.ts starts
 * `node apps/server/dist/main.js` on a free port with a fresh data directory and passes its
 * address to the tests in E2E_BASE_URL. Run through `npm run test:e2e` (builds first).
 */
export default defineConfig({
  testDir: here,
  testMatch: '*.spec.ts',
  outputDir: path.join(repoRoot, 'test-results'),
  globalSetup: path.join(here, 'global-setup.ts'),
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: path.join(repoRoot, '.vitest-results', 'e2e.json') }]],
  use: {
    locale: 'zh-CN',
    viewport: { width: 1366, height: 768 },
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
