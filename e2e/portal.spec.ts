import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Locator,
  Page,
} from '@playwright/test';
import { expect, savePortalScreen as saveScreen, test } from './fixtures';

/**
 * The citizen portal and the grid-worker app on a phone: a citizen reports with photos and a
 * location (a double tap and a dropped connection still make one case), staff answer through
 * the API, the citizen sees the reply and the result photo and rates; a grid worker reports
 * twice offline, reloads offline, comes back online and both cases arrive exactly once; the
 * worker handles and verifies cases on site. Every page is saved at 360×640 in zh-CN.
 */

const password = 'Demo@2026!';
/** Chrome on an Android phone, as the portal meets it from a WeChat menu or a link. */
const androidChrome =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
/** Inside 六和社区第01网格 (坪山街道), the grid of the demo worker grid01. */
const insideGrid = { latitude: 22.7205, longitude: 114.3585 };

const phone: BrowserContextOptions = {
  viewport: { width: 360, height: 640 },
  isMobile: true,
  hasTouch: true,
  userAgent: androidChrome,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  geolocation: insideGrid,
  permissions: ['geolocation'],
};

test.use(phone);
test.describe.configure({ mode: 'serial' });

/** Lowercase letters only: one search term the Chinese tokenizer keeps whole. */
function uniqueWord(prefix: string): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  let word = prefix;
  for (let i = 0; i < 8; i += 1) word += letters[randomInt(letters.length)];
  return word;
}

/** A phone photo stand-in: a 900×600 picture with some structure (the portal compresses it). */
function photo(colour: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 600, channels: 3, background: colour } })
    .composite([
      {
        input: Buffer.from(
          '<svg width="900" height="600"><rect x="120" y="90" width="420" height="260" fill="#c33"/><circle cx="700" cy="420" r="110" fill="#fd3"/></svg>',
        ),
      },
    ])
    .jpeg({ quality: 92 })
    .toBuffer();
}

async function signedIn(browser: Browser, baseURL: string, username: string): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL });
  const response = await context.request.post('/api/auth/login', { data: { username, password } });
  expect(response.ok(), `sign-in as ${username}`).toBe(true);
  return context.request;
}

/** The newest 6-digit code the development SMS provider logged for a number (the outbox worker delivers within seconds). */
async function smsCode(admin: APIRequestContext, number: string, after: number): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const response = await admin.get('/api/notifications/message-log', {
          params: { recipient: number, limit: 20 },
        });
        const items = ((await response.json()) as { items: { body: string; createdAt: string }[] }).items;
        const fresh = items
          .filter((m) => Date.parse(m.createdAt) >= after - 1000 && /验证码/.test(m.body))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        code = /(\d{6})/.exec(fresh[0]?.body ?? '')?.[1] ?? '';
        return code;
      },
      { timeout: 20_000, message: `an SMS code for ${number}` },
    )
    .not.toBe('');
  return code;
}

async function fill(target: Locator, text: string): Promise<void> {
  await target.locator('input, textarea').first().fill(text);
}

/** Verifies a phone in the PhoneVerify widget with the code from the message log (the caller checks what follows). */
async function verifyPhone(page: Page, admin: APIRequestContext, number: string): Promise<void> {
  await fill(page.getByTestId('verify-phone'), number);
  const asked = Date.now();
  await page.getByTestId('verify-send').tap();
  await expect(page.getByTestId('verify-send')).toBeDisabled();
  await fill(page.getByTestId('verify-code'), await smsCode(admin, number, asked));
  await page.getByTestId('verify-submit').tap();
}

/** Nothing sticks out sideways on a 360 px phone. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

interface CaseHit {
  id: string;
  number: string;
  node: string;
  version: number;
}

async function search(staff: APIRequestContext, params: Record<string, string>): Promise<CaseHit[]> {
  const response = await staff.get('/api/cases/search', { params });
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { items: CaseHit[] }).items;
}

async function caseDetail(staff: APIRequestContext, id: string): Promise<CaseHit & { actions: string[] }> {
  const response = await staff.get(`/api/cases/${id}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as CaseHit & { actions: string[] };
}

async function act(staff: APIRequestContext, id: string, action: string, body: Record<string, unknown>) {
  const { version } = await caseDetail(staff, id);
  const response = await staff.post(`/api/cases/${id}/actions/${action}`, { data: { version, ...body } });
  expect(response.ok(), `${action}: ${await response.text()}`).toBe(true);
}

async function staffUpload(staff: APIRequestContext, purpose: string, image: Buffer): Promise<string> {
  const response = await staff.post(`/api/attachments?purpose=${purpose}`, {
    headers: { 'content-type': 'image/jpeg' },
    data: image,
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function unitId(staff: APIRequestContext, code: string): Promise<string> {
  const response = await staff.get('/api/units', { params: { q: code } });
  const items = ((await response.json()) as { items: { id: string; code: string }[] }).items;
  const hit = items.find((u) => u.code === code);
  expect(hit, `unit ${code}`).toBeTruthy();
  return hit!.id;
}

const story = {
  citizen: null as BrowserContext | null,
  phone: '',
  word: '',
  number: '',
  token: '',
  caseId: '',
  patrolWords: [] as string[],
  patrolIds: [] as string[],
};

test.describe('citizen portal on a phone', () => {
  test.afterAll(async () => {
    await story.citizen?.close();
  });

  test('the entry page loads at most 150 KB of gzipped JavaScript and lists every service', async ({
    browser,
    baseURL,
  }) => {
    story.citizen = await browser.newContext({ ...phone, baseURL: baseURL! });
    const page = await story.citizen.newPage();
    await page.goto('/portal/');
    await expect(page.getByRole('heading', { name: '坪山民生诉求' })).toBeVisible();
    for (const entry of ['我要反映', '我的诉求', '查询进度', '领导信箱', '常见问题', '隐私说明', '两代表一委员通道']) {
      await expect(page.getByText(entry, { exact: true }).first()).toBeVisible();
    }
    await expectNoSidewaysScroll(page);
    await page.waitForLoadState('networkidle');
    // Every script the entry page loaded before any form was opened, gzipped as a server would send it.
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((url) => url.endsWith('.js') && !url.endsWith('/sw.js')),
    );
    let gzipped = 0;
    for (const url of scripts) gzipped += gzipSync(await (await page.request.get(url)).body(), { level: 9 }).length;
    console.log(`portal entry page: ${scripts.length} script(s), ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);
    await saveScreen(page, 'home');
    await page.close();
  });

  test('the FAQ and the privacy notice say what is collected, who sees it and how long it is kept', async () => {
    const page = await story.citizen!.newPage();
    await page.goto('/portal/#/faq');
    await expect(page.getByText('可以匿名反映吗？')).toBeVisible();
    await saveScreen(page, 'faq');
    await page.goto('/portal/#/privacy');
    for (const heading of ['我们收集什么', '为什么收集', '谁能看到', '保存多久']) {
      await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    }
    await expectNoSidewaysScroll(page);
    await saveScreen(page, 'privacy');
    await page.close();
  });

  test('a citizen reports with two photos and a location; a double tap and a dropped answer still make one case', async ({
    browser,
    baseURL,
  }) => {
    const admin = await signedIn(browser, baseURL!, 'sysadmin');
    const dispatcher = await signedIn(browser, baseURL!, 'dispatcher');
    story.phone = `139${String(randomInt(10_000_000, 99_999_999))}`;
    story.word = uniqueWord('ps');
    const page = await story.citizen!.newPage();
    await page.goto('/portal/');
    await page.getByTestId('home-report').tap();
    await expect(page.getByTestId('report-page')).toBeVisible();

    // Sent empty: every problem is named next to its field.
    await page.getByTestId('report-submit').tap();
    await expect(page.getByText('请选择诉求类型')).toBeVisible();
    await expect(page.getByText('请至少写 5 个字，说明发生了什么')).toBeVisible();
    await expect(page.getByText('请先验证手机号，或选择匿名反映')).toBeVisible();
    await saveScreen(page, 'report-errors');

    await page.getByTestId('type-complaint').tap();
    await fill(page.getByTestId('report-description'), `六和路人行道上的井盖缺损已经一周，晚上很危险 ${story.word}`);
    await expect(page.getByTestId('report-description')).toContainText('/2000');

    // Two photos from the gallery, made smaller in the browser and uploaded with progress.
    await page.getByTestId('report-photos-input').setInputFiles([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: await photo({ r: 90, g: 140, b: 60 }) },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: await photo({ r: 60, g: 90, b: 160 }) },
    ]);
    await expect(page.locator('[data-testid="report-photos-item"][data-status="done"]')).toHaveCount(2);
    // Not a picture: explained on the tile, nothing else lost.
    await page
      .getByTestId('report-photos-input')
      .setInputFiles({ name: 'c.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not really a picture') });
    await expect(page.locator('[data-testid="report-photos-item"][data-status="failed"]')).toContainText(
      '不是可识别的图片',
    );
    await page
      .locator('[data-testid="report-photos-item"][data-status="failed"]')
      .getByTestId('report-photos-remove')
      .tap();
    await expect(page.getByTestId('report-photos-item')).toHaveCount(2);

    // A position outside the district is said so, and would not be sent.
    await story.citizen!.setGeolocation({ latitude: 22.5431, longitude: 113.9345 });
    await page.getByTestId('location-locate').tap();
    await expect(page.getByTestId('location-place')).toContainText('不在坪山区范围内');
    // A point picked on the district map (outlines drawn from the server's GeoJSON) …
    await page.getByTestId('location-map').tap();
    const sheet = page.getByTestId('location-sheet');
    await expect(sheet.locator('.leaflet-container canvas').first()).toBeVisible();
    await page.waitForTimeout(400);
    await saveScreen(page, 'report-map', { viewport: true });
    const box = (await sheet.getByTestId('area-map').boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await sheet.getByTestId('location-confirm').tap();
    await expect(page.getByTestId('location-place')).toContainText('街道');
    // … and the phone's own position, named by its street and community.
    await story.citizen!.setGeolocation(insideGrid);
    await page.getByTestId('location-locate').tap();
    await expect(page.getByTestId('location-place')).toContainText('坪山街道 · 六和社区');
    await fill(page.getByTestId('location-address'), '六和路 18 号门前');

    // A bad number is explained; the right one gets a code by SMS.
    await fill(page.getByTestId('verify-phone'), '1391234');
    await page.getByTestId('verify-send').tap();
    await expect(page.getByText('请输入正确的 11 位手机号（以 1 开头）')).toBeVisible();
    await fill(page.getByTestId('verify-phone'), story.phone);
    const asked = Date.now();
    await page.getByTestId('verify-send').tap();
    const code = await smsCode(admin, story.phone, asked);
    // A wrong code is refused with the attempts left; what was typed stays.
    await fill(page.getByTestId('verify-code'), code === '000000' ? '111111' : '000000');
    await page.getByTestId('verify-submit').tap();
    await expect(page.getByText(/验证码不正确/)).toBeVisible();
    await saveScreen(page, 'report-wrong-code');
    await fill(page.getByTestId('verify-code'), code);
    await page.getByTestId('verify-submit').tap();
    await expect(page.getByTestId('verify-done')).toContainText('****');
    await fill(page.getByTestId('report-name'), '李女士');
    await expect(page.getByTestId('report-description').locator('textarea')).toHaveValue(new RegExp(story.word));
    await saveScreen(page, 'report-filled');

    // The first answer is lost on the way back (the case is made, the phone never hears of it) …
    let attempts = 0;
    await page.route('**/api/public/cases', async (route) => {
      attempts += 1;
      if (attempts === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    // … and the citizen taps twice in a row.
    await page.getByTestId('report-submit').evaluate((button: HTMLElement) => {
      button.click();
      button.click();
    });
    await expect(page.getByTestId('report-interrupted')).toBeVisible();
    expect(attempts).toBe(1);
    await saveScreen(page, 'report-interrupted');
    // Sent again: the same Idempotency-Key answers with the case already made.
    await page.getByTestId('report-submit').tap();
    await expect(page.getByTestId('done-page')).toBeVisible();
    expect(attempts).toBe(2);
    await page.unroute('**/api/public/cases');
    story.number = (await page.getByTestId('done-number').textContent())?.trim() ?? '';
    expect(story.number).toMatch(/^[A-Z]{0,6}\d{8}-\d+$/);
    const link = (await page.getByTestId('done-link').textContent())?.trim() ?? '';
    expect(link).toContain('/portal/#/track/');
    story.token = link.split('/portal/#/track/')[1] ?? '';
    await expect(page.getByTestId('done-limit')).toContainText('工作日');
    await saveScreen(page, 'report-done');

    // Exactly one case, by the reporter's number and by the word in its text.
    const byPhone = await search(dispatcher, { phone: story.phone });
    expect(byPhone.map((c) => c.number)).toEqual([story.number]);
    const byWord = await search(dispatcher, { q: story.word });
    expect(byWord.map((c) => c.number)).toEqual([story.number]);
    story.caseId = byPhone[0]!.id;
    const detail = (await caseDetail(dispatcher, story.caseId)) as unknown as {
      attachments: unknown[];
      location: { community: { name: string } | null };
    };
    expect(detail.attachments).toHaveLength(2);
    expect(detail.location.community?.name).toBe('六和社区');

    await page.getByTestId('done-track').tap();
    await expect(page.getByTestId('progress-number')).toHaveText(story.number);
    await expect(page.getByTestId('progress-replies')).toContainText('还没有答复');
    await saveScreen(page, 'progress-accepted');
    await page.close();
  });

  test('staff answer with a result photo; the citizen sees the reply and the photo and rates once', async ({
    browser,
    baseURL,
  }) => {
    const dispatcher = await signedIn(browser, baseURL!, 'dispatcher');
    const handler = await signedIn(browser, baseURL!, 'ps.handler');
    await act(dispatcher, story.caseId, 'dispatch', { leadUnitId: await unitId(dispatcher, '440310001') });
    await act(handler, story.caseId, 'sign', {});
    const resultPhoto = await staffUpload(handler, 'feedback', await photo({ r: 200, g: 200, b: 200 }));
    await act(handler, story.caseId, 'feedback', {
      result: '已更换井盖并设置警示标志。',
      attachmentIds: [resultPhoto],
      reply: '您好，您反映的井盖缺损已于今日更换，现场已恢复通行，感谢您的监督。',
    });

    const page = await story.citizen!.newPage();
    await page.goto(`/portal/#/track/${story.token}`);
    await expect(page.getByTestId('progress-reply')).toContainText('井盖缺损已于今日更换');
    await expect(page.getByTestId('progress-steps').locator('[data-status="done"]').first()).toBeVisible();
    const resultPhotos = page.getByTestId('progress-result-photo');
    await expect(resultPhotos).toHaveCount(1);
    await expect(resultPhotos.locator('img')).toHaveJSProperty('complete', true);
    // No staff names, no internal feedback text on the citizen's page.
    await expect(page.getByTestId('case-progress')).not.toContainText('已更换井盖并设置警示标志');
    await expect(page.getByTestId('case-progress')).not.toContainText('ps.handler');
    await saveScreen(page, 'progress-replied');

    await resultPhotos.first().tap();
    const preview = page.locator('.van-image-preview');
    await expect(preview).toBeVisible();
    await expect(preview.locator('img').first()).toHaveJSProperty('complete', true);
    await page.waitForTimeout(300);
    await saveScreen(page, 'progress-photo', { viewport: true });
    await preview.locator('.van-image-preview__close-icon').tap();
    await expect(preview).toBeHidden();

    // Four dimensions, then a comment; once only.
    await page.getByTestId('rate-submit').tap();
    await expect(page.getByText('请为四项都打分')).toBeVisible();
    for (const [dimension, stars] of [
      ['speed', 5],
      ['result', 4],
      ['attitude', 5],
      ['experience', 4],
    ] as const) {
      await page
        .getByTestId(`rate-${dimension}`)
        .locator('.van-rate__item')
        .nth(stars - 1)
        .tap();
    }
    await fill(page.getByTestId('rate-comment'), '处理很快，谢谢。');
    await saveScreen(page, 'progress-rating');
    await page.getByTestId('rate-submit').tap();
    await expect(page.getByTestId('progress-rated')).toBeVisible();
    await expect(page.getByTestId('progress-rate')).toHaveCount(0);
    await saveScreen(page, 'progress-rated');
    const rated = (await (await dispatcher.get(`/api/cases/${story.caseId}`)).json()) as {
      rating: { speed: number; result: number; comment: string } | null;
    };
    expect(rated.rating).toMatchObject({ speed: 5, result: 4, comment: '处理很快，谢谢。' });
    await page.close();
  });

  test('the case is found by its number and last 4 digits, and in My cases with the verified phone', async () => {
    const page = await story.citizen!.newPage();
    await page.goto('/portal/#/track');
    await fill(page.getByTestId('track-number'), story.number);
    await fill(page.getByTestId('track-last4'), story.phone.slice(-3) + (story.phone.endsWith('0') ? '1' : '0'));
    await page.getByTestId('track-submit').tap();
    await expect(page.getByTestId('track-error')).toContainText('没有找到对应的诉求');
    await saveScreen(page, 'track-not-found');
    await fill(page.getByTestId('track-last4'), story.phone.slice(-4));
    await page.getByTestId('track-submit').tap();
    await expect(page.getByTestId('progress-number')).toHaveText(story.number);
    await saveScreen(page, 'track-found');

    // The citizen session from reporting lists the phone's cases.
    await page.goto('/portal/#/cases');
    const row = page.getByTestId(`my-case-${story.number}`);
    await expect(row).toBeVisible();
    await expect(row).toContainText('回访审核');
    await saveScreen(page, 'my-cases');
    await row.tap();
    await expect(page.getByTestId('progress-rated')).toBeVisible();
    await saveScreen(page, 'my-case');
    await page.close();
  });

  test('after the case is closed the citizen asks, with a reason, for it to be handled again', async ({
    browser,
    baseURL,
  }) => {
    const supervisor = await signedIn(browser, baseURL!, 'supervisor');
    await act(supervisor, story.caseId, 'visit', { solved: true, satisfaction: 'satisfied' });
    await act(supervisor, story.caseId, 'close', {});
    const page = await story.citizen!.newPage();
    await page.goto(`/portal/#/cases/${story.number}`);
    await expect(page.getByTestId('state-tag').first()).toHaveText('已办结');
    await page.getByTestId('reopen-open').tap();
    await fill(page.getByTestId('reopen-reason'), '没');
    await page.getByTestId('reopen-submit').tap();
    await expect(page.getByText('请至少写 5 个字说明原因')).toBeVisible();
    await fill(page.getByTestId('reopen-reason'), '井盖又松动了，走上去会晃，请再来看看。');
    await page.waitForTimeout(300);
    await saveScreen(page, 'progress-reopen', { viewport: true });
    await page.getByTestId('reopen-submit').tap();
    await expect(page.getByTestId('state-tag').first()).not.toHaveText('已办结');
    await expect(page.getByTestId('reopen-open')).toHaveCount(0);
    await saveScreen(page, 'progress-reopened');
    const detail = (await (await supervisor.get(`/api/cases/${story.caseId}`)).json()) as {
      status: string;
      reopenCount: number;
    };
    expect(detail).toMatchObject({ status: 'open', reopenCount: 1 });
    await page.close();
  });

  test('a letter to the leader mailbox is accepted without a location', async ({ browser, baseURL }) => {
    const dispatcher = await signedIn(browser, baseURL!, 'dispatcher');
    const page = await story.citizen!.newPage();
    await page.goto('/portal/#/mailbox');
    await page.getByTestId('mailbox-submit').tap();
    await expect(page.getByText('请填写标题')).toBeVisible();
    await fill(page.getByTestId('mailbox-subject'), '建议增设社区公园健身器材');
    const word = uniqueWord('mb');
    await fill(page.getByTestId('mailbox-body'), `六和社区公园的健身器材太少，老人排队使用，建议增设几套 ${word}`);
    await saveScreen(page, 'mailbox');
    await page.getByTestId('mailbox-submit').tap();
    await expect(page.getByTestId('done-page')).toBeVisible();
    await expect(page.getByText('您的来信已收到')).toBeVisible();
    await saveScreen(page, 'mailbox-done');
    const found = await search(dispatcher, { q: word });
    expect(found).toHaveLength(1);
    await page.close();
  });

  test('the special-group entrance is open only to a registered phone', async ({ browser, baseURL }) => {
    const page = await story.citizen!.newPage();
    await page.goto('/portal/#/group');
    await expect(page.getByTestId('group-not-member')).toBeVisible();
    await saveScreen(page, 'group-not-member');

    const admin = await signedIn(browser, baseURL!, 'sysadmin');
    const added = await admin.post('/api/citizen-groups/members', {
      data: { phone: story.phone, name: '李代表', group: 'npc_deputy' },
    });
    expect(added.status()).toBe(201);
    await page.reload();
    await expect(page.getByTestId('group-member')).toContainText('人大代表');
    await saveScreen(page, 'group-member');
    await page.getByTestId('group-report').tap();
    await expect(page.getByTestId('report-group-banner')).toContainText('人大代表');
    await saveScreen(page, 'report-group');
    await page.close();
  });

  test('a new citizen verifies a phone from My cases and sees an empty list', async ({ browser, baseURL }) => {
    const admin = await signedIn(browser, baseURL!, 'sysadmin');
    const context = await browser.newContext({ ...phone, baseURL: baseURL! });
    const page = await context.newPage();
    await page.goto('/portal/#/cases');
    await expect(page.getByTestId('verify-phone')).toBeVisible();
    await saveScreen(page, 'my-cases-verify');
    await verifyPhone(page, admin, `137${String(randomInt(10_000_000, 99_999_999))}`);
    await expect(page.getByText('这个号码还没有提交过诉求')).toBeVisible();
    await context.close();
  });
});

test.describe('grid worker on patrol', () => {
  let worker: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  test.beforeAll(async ({ browser, baseURL }) => {
    worker = await browser.newContext({ ...phone, baseURL: baseURL! });
    page = await worker.newPage();
    // A script error in the app fails the test that caused it (offline requests failing are expected).
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  test.afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  test.afterAll(async () => {
    await worker.close();
  });

  test('a grid worker signs in and sees the grid, the position and the tasks', async () => {
    await page.goto('/portal/#/grid');
    await expect(page.getByTestId('grid-login-page')).toBeVisible();
    await saveScreen(page, 'grid-login');
    await fill(page.getByTestId('grid-username'), 'dispatcher');
    await fill(page.getByTestId('grid-password'), password);
    await page.getByTestId('grid-login-submit').tap();
    await expect(page.getByTestId('grid-login-error')).toContainText('仅供网格员使用');
    await fill(page.getByTestId('grid-username'), 'grid01');
    await page.getByTestId('grid-login-submit').tap();
    await expect(page.getByTestId('grid-home-page')).toBeVisible();
    await expect(page.getByTestId('grid-worker-name')).not.toBeEmpty();
    await expect(page.getByText('六和社区第01网格').first()).toBeVisible();
    // The app shell is on the device before the network goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.waitForTimeout(500);
    await saveScreen(page, 'grid-home');
  });

  test('two patrol reports made offline survive a reload and are sent exactly once when the network returns', async ({
    browser,
    baseURL,
  }) => {
    // Online once: the quick events are remembered on the device.
    await page.getByTestId('grid-new-report').tap();
    await expect(page.getByTestId('patrol-event-exposed_garbage')).toBeVisible();
    await expect(page.getByTestId('patrol-gps')).toContainText('六和社区第01网格');
    await saveScreen(page, 'grid-report');
    await page.goto('/portal/#/grid');
    await expect(page.getByTestId('grid-home-page')).toBeVisible();

    await worker.setOffline(true);
    await expect(page.getByTestId('grid-network')).toHaveAttribute('data-online', 'false');
    story.patrolWords = [uniqueWord('gd'), uniqueWord('gd')];
    const events = ['exposed_garbage', 'street_vending'];
    for (const [index, word] of story.patrolWords.entries()) {
      await page.goto('/portal/#/grid/report');
      await page.getByTestId(`patrol-event-${events[index]}`).tap();
      await page.getByTestId('patrol-photos-input').setInputFiles({
        name: `patrol-${index}.jpg`,
        mimeType: 'image/jpeg',
        buffer: await photo({ r: 120 + index * 40, g: 110, b: 70 }),
      });
      await expect(page.locator('[data-testid="patrol-photos-item"][data-status="ready"]')).toHaveCount(1);
      await fill(page.getByTestId('patrol-note'), `巡查发现，现场需处理 ${word}`);
      if (index === 0) await saveScreen(page, 'grid-report-offline');
      await page.getByTestId('patrol-save').tap();
      await expect(page.getByTestId('outbox-page')).toBeVisible();
      await expect(page.locator('[data-testid="outbox-item"][data-status="waiting"]')).toHaveCount(index + 1);
    }
    await saveScreen(page, 'grid-outbox-offline');

    // Closed and opened again without a network: the shell comes from the service worker and
    // both reports are still waiting.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await expect(page.getByTestId('outbox-page')).toBeVisible();
    await expect(page.locator('[data-testid="outbox-item"][data-status="waiting"]')).toHaveCount(2);
    await expect(page.getByTestId('outbox-network')).toContainText('当前离线');
    await saveScreen(page, 'grid-outbox-reloaded');

    await worker.setOffline(false);
    await expect(page.getByTestId('outbox-sent-item')).toHaveCount(2, { timeout: 30_000 });
    await expect(page.getByTestId('outbox-item')).toHaveCount(0);
    await saveScreen(page, 'grid-outbox-sent');

    // Exactly one case each, through the grid channel, with its photo, in the worker's grid.
    const dispatcher = await signedIn(browser, baseURL!, 'ps.dispatcher');
    story.patrolIds = [];
    for (const word of story.patrolWords) {
      const found = await search(dispatcher, { q: word });
      expect(found, word).toHaveLength(1);
      const detail = (await caseDetail(dispatcher, found[0]!.id)) as unknown as {
        channel: string;
        attachments: unknown[];
        location: { grid: { code: string } | null };
      };
      expect(detail.channel).toBe('grid');
      expect(detail.attachments).toHaveLength(1);
      expect(detail.location.grid?.code).toBe('440310001001001');
      story.patrolIds.push(found[0]!.id);
    }
    // Another round of the sender (the app reopened online) sends nothing again.
    await page.reload();
    await expect(page.getByTestId('outbox-sent-item')).toHaveCount(2);
    await page.waitForTimeout(1500);
    for (const word of story.patrolWords) expect(await search(dispatcher, { q: word })).toHaveLength(1);

    await page.goto('/portal/#/grid/reports');
    await expect(page.locator('[data-testid^="grid-report-"]').first()).toBeVisible();
    await saveScreen(page, 'grid-my-reports');
  });

  test('cases passed down to the grid are signed and handled in the app, then verified: one passes, one fails', async ({
    browser,
    baseURL,
  }) => {
    const dispatcher = await signedIn(browser, baseURL!, 'ps.dispatcher');
    const gridUnit = await unitId(dispatcher, '440310001001001');
    for (const id of story.patrolIds) await act(dispatcher, id, 'dispatch', { leadUnitId: gridUnit });

    // To handle: sign for it and feed back, in the app.
    for (const id of story.patrolIds) {
      const { number } = await caseDetail(dispatcher, id);
      await page.goto('/portal/#/grid');
      await page.getByRole('tab', { name: /待办理/ }).tap();
      await page.getByTestId(`grid-task-${number}`).tap();
      await expect(page.getByTestId('task-number')).toHaveText(number);
      if (id === story.patrolIds[0]) await saveScreen(page, 'grid-task-to-sign');
      await page.getByTestId('task-sign').tap();
      await expect(page.getByTestId('task-feedback')).toBeVisible();
      await page.getByTestId('task-feedback').tap();
      await fill(page.getByTestId('task-note'), '已通知责任单位清理，现场已恢复整洁。');
      await page.getByTestId('task-submit').tap();
      // A patrol report has no citizen waiting for an answer: it goes straight to the check on site.
      await expect(page.getByTestId('task-node')).toHaveText('现场核查');
    }

    // To verify: the first passes, the second fails with a photo and a note.
    const [passId, failId] = story.patrolIds as [string, string];
    const passNumber = (await caseDetail(dispatcher, passId)).number;
    const failNumber = (await caseDetail(dispatcher, failId)).number;
    await page.goto('/portal/#/grid');
    await expect(page.getByTestId(`grid-task-${passNumber}`)).toBeVisible();
    await expect(page.getByTestId(`grid-task-${failNumber}`)).toBeVisible();
    await saveScreen(page, 'grid-home-tasks');
    await page.getByTestId(`grid-task-${passNumber}`).tap();
    await expect(page.getByTestId('task-pass')).toBeVisible();
    await saveScreen(page, 'grid-task-verify');
    await page.getByTestId('task-pass').tap();
    await fill(page.getByTestId('task-note'), '现场已清理干净。');
    await page.getByTestId('task-submit').tap();
    await expect(page.getByTestId('task-pass')).toHaveCount(0);
    await expect(page.getByTestId('task-node')).not.toHaveText('现场核查');

    await page.goto('/portal/#/grid');
    await page.getByTestId(`grid-task-${failNumber}`).tap();
    await page.getByTestId('task-fail').tap();
    await fill(page.getByTestId('task-note'), '现场仍有摊点占道。');
    // No photo yet: a failed check needs one.
    await page.getByTestId('task-submit').tap();
    await expect(page.getByTestId('task-error')).toContainText('至少附 1 张现场照片');
    await page.getByTestId('task-photos-input').setInputFiles({
      name: 'still-there.jpg',
      mimeType: 'image/jpeg',
      buffer: await photo({ r: 150, g: 60, b: 60 }),
    });
    await expect(page.locator('[data-testid="task-photos-item"][data-status="done"]')).toHaveCount(1);
    await saveScreen(page, 'grid-task-fail');
    await page.getByTestId('task-submit').tap();
    await expect(page.getByTestId('task-node')).toHaveText('办理中');

    expect((await caseDetail(dispatcher, passId)).node).not.toBe('verify');
    expect((await caseDetail(dispatcher, passId)).node).not.toBe('handle');
    expect((await caseDetail(dispatcher, failId)).node).toBe('handle');
    await page.goto('/portal/#/grid');
    await expect(page.getByTestId(`grid-task-${passNumber}`)).toHaveCount(0);
  });
});
