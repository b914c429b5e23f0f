/**
 * How the staff console renders a long list: `npm run bench:console`. Starts the built server on a
 * fresh demo district, files 120 cases through the API, then drives Debian's Chromium at
 * 1366×768: the search page's first 50 rows, then "load more" to 100, timing each until the rows
 * are on screen and recording long tasks (> 50 ms on the main thread) while they render.
 * Prints figures only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { ensureServerBuilt } from './lifecycle.js';
import { HttpClient, signIn } from './http-load.js';
import { startServer } from './server-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const password = 'Demo@2026!';
const cases = 120;

async function main(): Promise<void> {
  await ensureServerBuilt(['server', 'web']);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citydesk-render-'));
  const server = await startServer({ root, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn', PORT: '0' } });
  const browser = await chromium.launch({
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
  });
  const client = new HttpClient(server.url, 4);
  try {
    const operator = await signIn(client, 'operator', password);
    for (let i = 0; i < cases; i++) {
      const answer = await client.request(
        'POST',
        '/api/cases',
        {
          channel: 'hotline',
          requestType: i % 3 === 0 ? 'consultation' : 'complaint',
          description: `第 ${i + 1} 号测试诉求：小区门口道路破损积水，车辆通行困难，请相关部门尽快修复。`,
          location: { address: `坪山街道坪山大道 ${100 + i} 号` },
          reporter: { phone: `1390000${String(1000 + i)}` },
        },
        operator,
      );
      if (answer.status !== 201) throw new Error(`case ${i}: ${answer.status} ${answer.body.slice(0, 200)}`);
    }

    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('账号').fill('dispatcher');
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-user').waitFor();
    // Page-side code as text: this file is compiled without the DOM's types.
    await page.evaluate(`
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: false });
    `);
    const takeLongTasks = () =>
      page.evaluate<number[]>('(() => { const seen = window.longTasks; window.longTasks = []; return seen; })()');
    const rows = page.getByTestId('search-results').locator('tbody tr');

    const t0 = Date.now();
    await page.getByTestId('menu-search').click();
    await rows.nth(49).waitFor();
    const firstMs = Date.now() - t0;
    const firstTasks = await takeLongTasks();

    const t1 = Date.now();
    await page.getByTestId('search-load-more').click();
    await rows.nth(99).waitFor();
    const moreMs = Date.now() - t1;
    const shown = await rows.count();
    const longTasks = await takeLongTasks();

    // Again, with the page's code already loaded: what opening the page and its 50 rows costs by itself.
    await page.getByTestId('menu-home').click();
    await page.getByTestId('search-page').waitFor({ state: 'detached' });
    await takeLongTasks();
    const t2 = Date.now();
    await page.getByTestId('menu-search').click();
    await rows.nth(49).waitFor();
    const againMs = Date.now() - t2;
    const againTasks = await takeLongTasks();

    console.log('Console rendering (Chromium 1366×768, built console and server, SQLite)');
    console.log(`  search page, first 50 rows on screen   ${firstMs} ms (navigation, API call and render)`);
    console.log(`  load more to ${shown} rows on screen       ${moreMs} ms`);
    const describe = (tasks: number[]) =>
      `${tasks.length}${tasks.length > 0 ? ` (longest ${Math.round(Math.max(...tasks))} ms)` : ''}`;
    console.log(`  long tasks (> 50 ms), first page        ${describe(firstTasks)}`);
    console.log(`  long tasks (> 50 ms), load more to 100  ${describe(longTasks)}`);
    console.log(`  search page again, 50 rows on screen    ${againMs} ms`);
    console.log(`  long tasks (> 50 ms), page again        ${describe(againTasks)}`);
    await context.close();
  } finally {
    client.close();
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
