import { createHmac, randomInt } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, saveScreenOf as saveScreen, test } from './fixtures';

/**
 * The system administrator sets up another platform in the console (系统对接): registers it,
 * issues an API key and sees it once, generates the signing secret, maps a category code to a
 * catalogue item, sets status words and subscribes a webhook. The platform then really sends a
 * signed case; the webhook and the status feedback go to a receiver on 127.0.0.1 that answers
 * 410 Gone, so both become dead letters at once; the receiver is mended and the webhook re-sent
 * from the console, and arrives signed with the secret shown. A camera system gets its own
 * threshold; an external unit is pointed at a GeoReport v2 server (also on 127.0.0.1) that first
 * refuses the case dispatched to it and accepts it once the send is retried from the console.
 * The key is revoked and is refused from then on. Every new page and tab is saved at 1366×768 in
 * zh-CN.
 */

const password = 'Demo@2026!';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The other side: records what it is sent. Webhooks and feedback are answered 410 Gone ('gone') or
 * 200 ('ok'); under /georeport/v2/ it plays an external unit's GeoReport v2 server that refuses
 * (400) or accepts new requests, and has no updates.
 */
const receiver = {
  server: null as Server | null,
  url: '',
  mode: 'gone' as 'gone' | 'ok',
  georeport: 'reject' as 'reject' | 'accept',
  received: [] as Received[],
};

function answer(request: { method?: string; url?: string }): { status: number; body: string } {
  const path = request.url ?? '';
  if (path.startsWith('/georeport/v2/')) {
    if (request.method !== 'POST') return { status: 200, body: '[]' };
    return receiver.georeport === 'reject'
      ? { status: 400, body: '[{"code":400,"description":"service_code GENERAL is not known here"}]' }
      : { status: 200, body: '[{"service_request_id":"EXT-42"}]' };
  }
  return { status: receiver.mode === 'gone' ? 410 : 200, body: '{}' };
}

interface Story {
  clientId: string;
  clientName: string;
  key: string;
  keyPrefix: string;
  secret: string;
  categoryCode: string;
  caseId: string;
  caseNumber: string;
}

const story: Story = {
  clientId: '',
  clientName: `省12345平台-${randomInt(1000, 9999)}`,
  key: '',
  keyPrefix: '',
  secret: '',
  categoryCode: '',
  caseId: '',
  caseNumber: '',
};

async function signIn(
  browser: Browser,
  baseURL: string,
  username = 'sysadmin',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  return { context, page };
}

/** The field of an Element Plus input whose test id sits on the field itself or on a wrapper. */
const fieldIn = (target: Locator) =>
  target.locator('xpath=self::input | self::textarea | .//input | .//textarea').first();

/** Picks an option of an open Element Plus select by its text. */
async function pickOption(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  // Wait for the list to close, so the next select's options are not confused with these.
  await expect(page.locator('.el-select__popper:visible')).toHaveCount(0);
}

/** Confirms the open Element Plus message box with the button named `name`. */
async function confirmBox(page: Page, name: string): Promise<void> {
  const box = page.locator('.el-message-box');
  await expect(box).toBeVisible();
  await box.getByRole('button', { name }).click();
  await expect(box).toBeHidden();
}

/** Opens a tab of the client page by its name (Element Plus gives each tab the id tab-<name>). */
async function openTab(page: Page, name: string): Promise<void> {
  await page.locator(`#tab-${name}`).click();
  await expect(page.getByTestId(`client-tab-${name}`)).toBeVisible();
}

/** A JSON body signed the way the server checks it (X-CityDesk-* headers, HMAC over "ts.body"). */
function signed(clientId: string, secret: string, body: unknown): { data: string; headers: Record<string, string> } {
  const data = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', secret).update(`${ts}.${data}`).digest('hex');
  return {
    data,
    headers: {
      'content-type': 'application/json',
      'x-citydesk-client': clientId,
      'x-citydesk-timestamp': String(ts),
      'x-citydesk-signature': `v1=${mac}`,
    },
  };
}

/** An Open311 POST with only an api_key: 400 (missing arguments) when the key is accepted, 403 when not. */
async function open311Post(api: APIRequestContext, key: string): Promise<number> {
  const response = await api.post('/open311/v2/requests.json', { form: { api_key: key } });
  return response.status();
}

async function apiAs(browser: Browser, baseURL: string, username: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/auth/login', { data: { username, password } });
  expect(login.ok()).toBe(true);
  return context;
}

interface UnitNode {
  id: string;
  name: string;
  type: string;
  children: UnitNode[];
}

function findUnit(nodes: UnitNode[], type: string): UnitNode | null {
  for (const n of nodes) {
    if (n.type === type) return n;
    const hit = findUnit(n.children, type);
    if (hit) return hit;
  }
  return null;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const { status, body } = answer(request);
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.server = server;
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => (receiver.server ? receiver.server.close(() => resolve()) : resolve()));
});

test.describe('integration administration (系统对接)', () => {
  test('the system administrator registers a platform from the menu', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.getByTestId('side-menu').getByTestId('menu-admin-integration').click();
    await expect(page.getByTestId('admin-integration')).toBeVisible();
    await expect(page.getByTestId('client-table')).toBeVisible();
    await page.waitForTimeout(500);
    await saveScreen(page, 'integration-clients-before');

    const tree = (await (await page.request.get('/api/units/tree')).json()) as { items: UnitNode[] };
    const centre = findUnit(tree.items, 'district_centre');
    expect(centre).not.toBeNull();

    await page.getByTestId('client-create').click();
    const dialog = page.getByTestId('client-dialog');
    await expect(dialog).toBeVisible();
    await fieldIn(dialog.getByTestId('client-name')).fill(story.clientName);
    await dialog.getByTestId('client-kind-platform').click();
    await dialog.getByTestId('client-unit').click();
    await page.locator('.el-tree-node__content:visible', { hasText: centre!.name }).first().click();
    await fieldIn(dialog.getByTestId('client-callback')).fill(`${receiver.url}/feedback`);
    await fieldIn(dialog.getByTestId('client-description')).fill('端到端测试：省级 12345 平台');
    await expect(dialog.getByTestId('client-channels')).toContainText('系统对接');
    await page.waitForTimeout(300);
    await saveScreen(page, 'integration-client-dialog');
    await dialog.getByTestId('client-save').click();

    // A new system opens its own page, where keys and the secret are set up next.
    await expect(page.getByTestId('admin-integration-client')).toBeVisible();
    await expect(page.getByTestId('client-title')).toHaveText(story.clientName);
    await expect(page.getByTestId('client-summary')).toContainText(centre!.name);
    await expect(page.getByTestId('client-summary')).toContainText(`${receiver.url}/feedback`);
    story.clientId = page.url().split('/clients/')[1]!.split('?')[0]!;
    expect(story.clientId).not.toBe('');
    // The side menu keeps 系统对接 lit on the client's page.
    await expect(page.getByTestId('menu-admin-integration')).toHaveClass(/is-active/);
    await context.close();
  });

  test('an API key is shown once, then only by its prefix', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${story.clientId}`);
    await expect(page.getByTestId('client-keys')).toBeVisible();
    await expect(page.getByTestId('key-table')).toContainText('还没有密钥');
    await page.getByTestId('key-issue').click();
    const issue = page.getByTestId('key-issue-dialog');
    await fieldIn(issue.getByTestId('key-label')).fill('测试环境');
    await issue.getByTestId('key-issue-confirm').click();

    const shown = page.getByTestId('shown-once-dialog');
    await expect(shown).toBeVisible();
    await expect(shown).toContainText('不会再显示');
    story.key = await shown.getByTestId('shown-once-value').inputValue();
    expect(story.key).toMatch(/^cdk_[A-Za-z0-9_-]{20,}$/);
    story.keyPrefix = story.key.slice(0, 8);
    await expect(shown).toContainText(story.keyPrefix);
    // Neither a click beside it nor Esc closes it: only the "stored it" button does.
    await page.keyboard.press('Escape');
    await expect(shown).toBeVisible();
    await page.waitForTimeout(300);
    await saveScreen(page, 'integration-key-shown');
    await shown.getByTestId('shown-once-close').click();
    await expect(shown).toBeHidden();

    const table = page.getByTestId('key-table');
    await expect(table).toContainText(`${story.keyPrefix}…`);
    await expect(table).toContainText('测试环境');
    await expect(table).toContainText('有效');
    // Gone from the page once the dialog closed.
    expect(await page.content()).not.toContain(story.key);
    // The key works: Open311 accepts it and only misses the request's arguments.
    expect(await open311Post(page.request, story.key)).toBe(400);
    await saveScreen(page, 'integration-client-keys');
    await context.close();
  });

  test('the signing secret is generated, shown once, with how to sign', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${story.clientId}?tab=secret`);
    const panel = page.getByTestId('client-secret');
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('secret-state')).toContainText('未设置');
    await expect(panel.getByTestId('secret-how')).toContainText('X-CityDesk-Signature');
    await expect(panel.getByTestId('client-id')).toHaveText(story.clientId);
    await panel.getByTestId('secret-rotate').click();
    const shown = page.getByTestId('shown-once-dialog');
    await expect(shown).toBeVisible();
    story.secret = await shown.getByTestId('shown-once-value').inputValue();
    expect(story.secret.length).toBeGreaterThanOrEqual(32);
    await page.waitForTimeout(300);
    await saveScreen(page, 'integration-secret-shown');
    await shown.getByTestId('shown-once-close').click();
    await expect(shown).toBeHidden();
    await expect(panel.getByTestId('secret-state')).toContainText('已设置');
    await saveScreen(page, 'integration-client-secret');
    await context.close();
  });

  test('a category code maps to a catalogue item; bad rows are named and nothing is lost', async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${story.clientId}`);
    await openTab(page, 'categories');
    const panel = page.getByTestId('client-categories');
    await expect(panel.getByTestId('mapping-table')).toContainText('还没有映射');

    await panel.getByTestId('mapping-add').click();
    await fieldIn(panel.getByTestId('mapping-code-0')).fill('SN-0301');
    await fieldIn(panel.getByTestId('mapping-label-0')).fill('占道经营');
    await panel.getByTestId('mapping-category-0').click();
    await page.keyboard.type('zdjy');
    const option = page.locator('[data-testid^="category-option-"]:visible').first();
    await expect(option).toBeVisible();
    await option.click();

    // A second row with nothing in it is refused on its own row; the first stays as typed.
    await panel.getByTestId('mapping-add').click();
    await panel.getByTestId('mapping-save').click();
    await expect(panel.getByTestId('mapping-error-1')).toContainText('请填写对方编码');
    await expect(panel.getByTestId('mapping-error-1')).toContainText('请选择本系统事项');
    await expect(panel.getByTestId('mapping-error-0')).toHaveCount(0);
    await expect(fieldIn(panel.getByTestId('mapping-code-0'))).toHaveValue('SN-0301');
    await saveScreen(page, 'integration-category-errors');

    // The same code twice is named too.
    await fieldIn(panel.getByTestId('mapping-code-1')).fill('SN-0301');
    await panel.getByTestId('mapping-save').click();
    await expect(panel.getByTestId('mapping-error-1')).toContainText('SN-0301 重复');

    await panel.getByTestId('mapping-remove-1').click();
    await panel.getByTestId('mapping-save').click();
    await expect(page.locator('.el-message--success', { hasText: '已保存 1 条映射' })).toBeVisible();

    const saved = (await (
      await page.request.get(`/api/integration/clients/${story.clientId}/category-mappings`)
    ).json()) as { items: { externalCode: string; category: { code: string; name: string } }[] };
    expect(saved.items).toHaveLength(1);
    expect(saved.items[0]!.externalCode).toBe('SN-0301');
    story.categoryCode = saved.items[0]!.category.code;

    // Still there after a reload, with the item's name.
    await page.reload();
    await openTab(page, 'categories');
    await expect(fieldIn(panel.getByTestId('mapping-code-0'))).toHaveValue('SN-0301');
    await expect(panel.getByTestId('mapping-category-0')).toContainText(saved.items[0]!.category.name);
    await saveScreen(page, 'integration-client-categories');
    await context.close();
  });

  test('status words are mapped both ways', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${story.clientId}`);
    await openTab(page, 'statuses');
    const panel = page.getByTestId('client-statuses');
    await expect(panel.getByTestId('status-out-case.created')).toContainText('受理');
    await pickOption(page, panel.getByTestId('status-mode-case.dispatched'), '自定义');
    await fieldIn(panel.getByTestId('status-word-case.dispatched')).fill('已转办');
    await pickOption(page, panel.getByTestId('status-mode-case.signed'), '不回传');
    await panel.getByTestId('status-in-add').click();
    await fieldIn(panel.getByTestId('status-in-word-0')).fill('退回重办');
    await pickOption(page, panel.getByTestId('status-in-action-0'), '重新办理');
    await panel.getByTestId('status-save').click();
    await expect(page.locator('.el-message--success', { hasText: '状态词映射已保存' })).toBeVisible();

    const saved = (await (
      await page.request.get(`/api/integration/clients/${story.clientId}/status-mappings`)
    ).json()) as { outbound: { event: string; word: string | null }[]; inbound: Record<string, string> };
    expect(saved.outbound.find((o) => o.event === 'case.dispatched')?.word).toBe('已转办');
    expect(saved.outbound.find((o) => o.event === 'case.signed')?.word).toBeNull();
    expect(saved.outbound.find((o) => o.event === 'case.created')?.word).toBe('受理');
    expect(saved.inbound).toEqual({ 退回重办: 'reopen' });
    await saveScreen(page, 'integration-client-statuses');
    await context.close();
  });

  test('a webhook subscription is added', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${story.clientId}`);
    await openTab(page, 'subscriptions');
    const panel = page.getByTestId('client-subscriptions');
    await expect(panel.getByTestId('subscription-table')).toContainText('还没有订阅');
    await panel.getByTestId('subscription-create').click();
    const dialog = page.getByTestId('subscription-dialog');
    await expect(dialog).toBeVisible();
    await fieldIn(dialog.getByTestId('subscription-url')).fill(`${receiver.url}/hook`);
    await dialog.getByTestId('subscription-event-case.created').click();
    await dialog.getByTestId('subscription-event-case.closed').click();
    await expect(dialog).toContainText('已选 2 个事件');
    await saveScreen(page, 'integration-subscription-dialog');
    await dialog.getByTestId('subscription-save').click();
    await expect(dialog).toBeHidden();
    const table = panel.getByTestId('subscription-table');
    await expect(table).toContainText(`${receiver.url}/hook`);
    await expect(table).toContainText('受理工单');
    await expect(table).toContainText('结案');
    await saveScreen(page, 'integration-client-subscriptions');
    await context.close();
  });

  test('a signed case from the platform leaves dead letters that are re-sent once the receiver is mended', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    receiver.mode = 'gone';
    const platform = await browser.newContext({ baseURL: baseURL! });
    const body = {
      caseId: `SN-E2E-${randomInt(100_000, 999_999)}`,
      category: 'SN-0301',
      requestType: 'complaint',
      description: '坪山大道人行道上有流动摊贩占道经营，行人无法通行，请尽快处理。',
      location: { address: '坪山街道坪山大道' },
    };
    const request = signed(story.clientId, story.secret, body);
    const answer = await platform.request.post('/api/integration/inbound/cases', request);
    expect(answer.status()).toBe(201);
    const created = (await answer.json()) as { id: string; number: string; categoryMapped: boolean };
    // The category code was mapped in the console: the case arrives classified.
    expect(created.categoryMapped).toBe(true);
    story.caseId = created.id;
    story.caseNumber = created.number;
    await platform.close();

    const { context, page } = await signIn(browser, baseURL!);
    await page.goto('/admin/integration?section=deliveries');
    const table = page.getByTestId('delivery-table');
    const rows = table.locator('tr', { hasText: story.caseNumber });
    // The worker sends within seconds; the receiver's 410 Gone makes both messages dead at once.
    await expect(async () => {
      await page.getByTestId('delivery-refresh').click();
      await expect(rows).toHaveCount(2, { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    const hook = rows.filter({ hasText: 'Webhook：受理工单' });
    await expect(hook).toContainText('死信');
    await expect(hook).toContainText('HTTP 410');
    await expect(rows.filter({ hasText: '状态回传' })).toContainText('死信');
    await saveScreen(page, 'integration-deliveries-dead');

    // Both were signed with the secret shown once, with a fresh timestamp.
    const first = receiver.received.find((r) => r.path === '/hook');
    expect(first).toBeDefined();
    const ts = String(first!.headers['x-citydesk-timestamp']);
    const expected = `v1=${createHmac('sha256', story.secret).update(`${ts}.${first!.body}`).digest('hex')}`;
    expect(first!.headers['x-citydesk-signature']).toBe(expected);
    expect(first!.headers['x-citydesk-client']).toBe(story.clientId);
    expect(first!.headers['x-citydesk-event']).toBe('case.created');
    const feedback = receiver.received.find((r) => r.path === '/feedback');
    expect(feedback?.body).toContain(body.caseId);
    expect(feedback?.body).toContain('受理');

    receiver.mode = 'ok';
    const heard = receiver.received.filter((r) => r.path === '/hook').length;
    await hook.locator('[data-testid^="delivery-resend-"]').click();
    await confirmBox(page, '确定');
    await expect(page.locator('.el-message--success', { hasText: '已放回发送队列' })).toBeVisible();
    // Out of the dead letters; the feedback, not re-sent, stays dead.
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('状态回传');

    await page.getByTestId('delivery-status-sent').click();
    await expect(async () => {
      await page.getByTestId('delivery-refresh').click();
      await expect(rows.filter({ hasText: 'Webhook：受理工单' })).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(rows.filter({ hasText: 'Webhook：受理工单' })).toContainText('已送达');
    expect(receiver.received.filter((r) => r.path === '/hook').length).toBe(heard + 1);
    const again = receiver.received.filter((r) => r.path === '/hook').at(-1)!;
    expect(again.headers['x-citydesk-delivery']).toBe(first!.headers['x-citydesk-delivery']);
    await saveScreen(page, 'integration-deliveries-sent');

    // The client's own page lists the same deliveries.
    await page.goto(`/admin/integration/clients/${story.clientId}?tab=deliveries`);
    await expect(page.getByTestId('client-tab-deliveries').locator('tr', { hasText: story.caseNumber })).toHaveCount(1);
    await page.getByTestId('delivery-status-all').click();
    await expect(page.getByTestId('client-tab-deliveries').locator('tr', { hasText: story.caseNumber })).toHaveCount(2);
    await page.waitForTimeout(400); // the filter's highlight moves with a transition
    await saveScreen(page, 'integration-client-deliveries');
    await context.close();
  });

  test('a camera system gets its own thresholds and its events are listed', async ({ browser, baseURL }) => {
    const admin = await apiAs(browser, baseURL!, 'sysadmin');
    const tree = (await (await admin.request.get('/api/units/tree')).json()) as { items: UnitNode[] };
    const centre = findUnit(tree.items, 'district_centre')!;
    const created = await admin.request.post('/api/integration/clients', {
      data: { name: `视频平台-${randomInt(1000, 9999)}`, kind: 'camera_system', unitId: centre.id },
    });
    expect(created.status()).toBe(201);
    const camera = (await created.json()) as { id: string; name: string };
    const secret = (await (await admin.request.post(`/api/integration/clients/${camera.id}/secret`)).json()) as {
      secret: string;
    };
    const event = signed(camera.id, secret.secret, {
      eventId: `EV-${randomInt(100_000, 999_999)}`,
      cameraId: 'CAM-PS-0042',
      eventType: '占道经营',
      confidence: 0.31,
      occurredAt: new Date().toISOString(),
      location: { lat: 22.7205, lon: 114.3585 },
    });
    const sent = await admin.request.post('/api/integration/inbound/camera-events', event);
    expect(sent.status()).toBe(201);
    expect(((await sent.json()) as { outcome: string }).outcome).toBe('below_threshold');
    await admin.close();

    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${camera.id}?tab=camera`);
    const form = page.getByTestId('camera-settings');
    await expect(form).toContainText('当前生效：0.60');
    await expect(form).toContainText('环境变量');
    await form.getByTestId('camera-confidence-mode').getByText('单独设置').click();
    await fieldIn(form.getByTestId('camera-confidence')).fill('0.25');
    await form.getByTestId('camera-save').click();
    await expect(form).toContainText('当前生效：0.25');
    await expect(form).toContainText('本系统设置');
    await saveScreen(page, 'integration-client-camera');

    await openTab(page, 'events');
    const events = page.getByTestId('client-tab-events').getByTestId('camera-event-table');
    await expect(events).toContainText('CAM-PS-0042');
    await expect(events).toContainText('低于阈值，仅记录');
    await saveScreen(page, 'integration-client-events');

    await page.goto('/admin/integration?section=camera');
    await expect(page.getByTestId('camera-global-settings')).toContainText('当前生效');
    await expect(page.getByTestId('camera-event-table')).toContainText('CAM-PS-0042');
    await expect(page.getByTestId('camera-event-table')).toContainText(camera.name);
    await saveScreen(page, 'integration-camera');
    await context.close();
  });

  test('an external unit is pointed at its GeoReport v2 system; a refused send is retried from the console', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const admin = await apiAs(browser, baseURL!, 'sysadmin');
    const tree = (await (await admin.request.get('/api/units/tree')).json()) as { items: UnitNode[] };
    const external = findUnit(tree.items, 'external');
    expect(external).not.toBeNull();
    const created = await admin.request.post('/api/integration/clients', {
      data: { name: `外部单位系统-${randomInt(1000, 9999)}`, kind: 'external_unit', unitId: external!.id },
    });
    expect(created.status()).toBe(201);
    const client = (await created.json()) as { id: string };
    await admin.close();

    const { context, page } = await signIn(browser, baseURL!);
    await page.goto(`/admin/integration/clients/${client.id}`);
    const panel = page.getByTestId('client-external');
    await expect(panel.getByTestId('external-not-configured')).toBeVisible();
    await expect(panel).toContainText(external!.name);
    await fieldIn(panel.getByTestId('external-endpoint')).fill(`${receiver.url}/georeport/v2`);
    await fieldIn(panel.getByTestId('external-api-key')).fill('their-secret-key');
    await fieldIn(panel.getByTestId('external-default-code')).fill('GENERAL');
    await panel.getByTestId('external-save').click();
    await expect(page.locator('.el-message--success', { hasText: '外部系统配置已保存' })).toBeVisible();
    await expect(panel.getByTestId('external-pull')).toBeVisible();
    // The api_key is never shown again, only that one is stored.
    await expect(fieldIn(panel.getByTestId('external-api-key'))).toHaveValue('');
    await expect(fieldIn(panel.getByTestId('external-api-key'))).toHaveAttribute('placeholder', /已保存/);
    await saveScreen(page, 'integration-client-external');

    // A dispatcher sends the platform's case to that unit: it is posted to the external system,
    // which refuses it; the platform hears 派单 in its own word (已转办, mapped in the console).
    receiver.georeport = 'reject';
    const dispatcher = await apiAs(browser, baseURL!, 'dispatcher');
    const detail = (await (await dispatcher.request.get(`/api/cases/${story.caseId}`)).json()) as { version: number };
    const dispatched = await dispatcher.request.post(`/api/cases/${story.caseId}/actions/dispatch`, {
      data: { version: detail.version, leadUnitId: external!.id },
    });
    expect(dispatched.ok()).toBe(true);
    await dispatcher.close();

    await openTab(page, 'sends');
    const sends = page.getByTestId('client-tab-sends');
    const row = sends.locator('tr', { hasText: story.caseNumber });
    await expect(async () => {
      await sends.getByRole('button', { name: '刷新' }).click();
      await expect(row).toContainText('推送失败', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(row).toContainText('HTTP 400');
    const posted = receiver.received.find((r) => r.path === '/georeport/v2/requests.json');
    expect(posted?.body).toContain('api_key=their-secret-key');
    expect(posted?.body).toContain('service_code=GENERAL');
    await expect
      .poll(() => receiver.received.some((r) => r.path === '/feedback' && r.body.includes('已转办')), {
        timeout: 30_000,
      })
      .toBe(true);
    await saveScreen(page, 'integration-client-sends');

    receiver.georeport = 'accept';
    await row.locator('[data-testid^="send-retry-"]').click();
    await confirmBox(page, '确定');
    await expect(page.locator('.el-message--success', { hasText: '已重新排队推送' })).toBeVisible();
    await expect(async () => {
      await sends.getByRole('button', { name: '刷新' }).click();
      await expect(row).toContainText('已推送', { timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    await expect(row).toContainText('EXT-42');

    await page.goto('/admin/integration?section=sends');
    await expect(page.getByTestId('send-table').locator('tr', { hasText: story.caseNumber })).toContainText('已推送');
    await saveScreen(page, 'integration-sends');
    await context.close();
  });

  test('the key is revoked and refused from then on', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!);
    await page.goto('/admin/integration');
    const row = page.getByTestId('client-table').locator('tr', { hasText: story.clientName });
    await expect(row).toContainText('1 个有效');
    await saveScreen(page, 'integration-clients');
    await row.getByTestId(`client-link-${story.clientName}`).click();
    const table = page.getByTestId('key-table');
    const keyRow = table.locator('tr', { hasText: story.keyPrefix });
    await keyRow.locator('[data-testid^="key-revoke-"]').click();
    await expect(page.locator('.el-message-box')).toContainText(story.keyPrefix);
    await confirmBox(page, '吊销');
    await expect(keyRow).toContainText('吊销');
    await expect(keyRow.locator('[data-testid^="key-revoke-"]')).toHaveCount(0);
    expect(await open311Post(page.request, story.key)).toBe(403);
    await saveScreen(page, 'integration-client-keys-revoked');

    await page.goto('/admin/integration');
    await expect(page.getByTestId('client-table').locator('tr', { hasText: story.clientName })).toContainText(
      '0 个有效',
    );
    await context.close();
  });
});
