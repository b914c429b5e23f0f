import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { expect, saveScreenOf as saveScreen, test } from './fixtures';

/**
 * A whole day at the request centre, through the console: a call becomes a case, the case is
 * dispatched in parallel, handled by two units, found overdue and urged by a supervisor, answered,
 * traced in its timeline, found again by a Chinese word and exported to Excel. This file runs
 * after the others (it moves the server's clock forward through the test hook).
 */

const password = 'Demo@2026!';
const leadUnit = '区城市管理和综合执法局';
const coUnit = '坪山街道';
/** A word jieba keeps whole, rare enough to find this case among the demo data. */
const searchWord = '渣土车';

interface Story {
  number: string;
  caseId: string;
  phone: string;
}

const story: Story = { number: '', caseId: '', phone: '' };

async function signIn(
  browser: Browser,
  baseURL: string,
  username: string,
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

/** The field of an Element Plus input whose test id sits on the wrapper or on the field itself. */
async function fieldOf(target: Locator): Promise<Locator> {
  const tag = await target.evaluate((element) => element.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? target : target.locator('input, textarea').first();
}

async function fillIn(target: Locator, text: string): Promise<void> {
  await (await fieldOf(target)).fill(text);
}

/** Picks a unit by its name in a UnitPicker (an Element Plus tree select). */
async function pickUnit(page: Page, picker: Locator, name: string): Promise<void> {
  await picker.click();
  await page.keyboard.type(name.slice(0, 4));
  await page.locator('.el-tree-node__content:visible', { hasText: name }).first().click();
  await page.keyboard.press('Escape');
}

/** A 64×48 PNG with some structure, as a phone would send (re-encoded by the server). */
function photo(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .composite([
      {
        input: Buffer.from('<svg width="64" height="48"><rect x="8" y="8" width="30" height="20" fill="#c33"/></svg>'),
      },
    ])
    .png()
    .toBuffer();
}

test.describe.configure({ mode: 'serial' });

test.describe('a working day at the request centre', () => {
  test('an operator takes a call and creates a case', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!, 'operator');
    story.phone = `139${String(randomInt(10_000_000, 99_999_999))}`;
    await page.getByTestId('menu-intake').click();
    await expect(page.getByTestId('intake-page')).toBeVisible();
    await fillIn(page.getByTestId('intake-phone'), story.phone);
    await fillIn(page.getByTestId('intake-name'), '张先生');
    await page.getByTestId('intake-type-complaint').click();
    await fillIn(
      page.getByTestId('intake-description'),
      `坪山大道与东纵路交叉口每晚有${searchWord}抛洒泥土，路面脏乱，夜间噪音扰民，请尽快处理。`,
    );
    await fillIn(page.getByTestId('intake-address'), '坪山街道坪山大道与东纵路交叉口');
    await page.getByTestId('intake-category').click();
    await page.keyboard.type('zdjy');
    const option = page.locator('[data-testid^="category-option-"]').first();
    await expect(option).toBeVisible();
    await option.click();
    await expect(option).toBeHidden();
    await expect(page.getByTestId('intake-routing')).toContainText(leadUnit);
    await saveScreen(page, 'intake-form');
    // Saved from the keyboard, as an operator on a call does.
    await (await fieldOf(page.getByTestId('intake-description'))).focus();
    await page.keyboard.press('Control+Enter');
    const number = page.getByTestId('intake-created-number');
    await expect(number).toBeVisible();
    // Shown in groups to read aloud; the whole number is the element's accessible name.
    story.number = (await number.getAttribute('aria-label')) ?? '';
    expect(story.number).toMatch(/^[A-Z]{0,6}\d{8}-\d+$/);
    await page.waitForTimeout(400); // let the dialog finish fading in before the screenshot
    await saveScreen(page, 'intake-created');
    const found = await page.request.get('/api/cases/search', { params: { number: story.number } });
    const items = ((await found.json()) as { items: { id: string; number: string }[] }).items;
    story.caseId = items.find((i) => i.number === story.number)?.id ?? '';
    expect(story.caseId).not.toBe('');
    await context.close();
  });

  test('a dispatcher dispatches it in parallel to two units', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!, 'dispatcher');
    await page.getByTestId('menu-dispatch').click();
    const row = page.getByTestId(`dispatch-row-${story.number}`);
    await expect(row).toBeVisible();
    await row.click();
    await expect(page.getByTestId('dispatch-preview-number')).toContainText(story.number);
    await saveScreen(page, 'dispatch-desk');
    await page.getByTestId('dispatch-other').click();
    const dialog = page.getByTestId('dispatch-dialog');
    await expect(dialog).toBeVisible();
    await pickUnit(page, dialog.getByTestId('dispatch-form-lead'), leadUnit);
    // The form starts from the routing suggestion; this case goes to the street as the one co-unit.
    const co = dialog.getByTestId('dispatch-form-co');
    while ((await co.locator('.el-tag__close').count()) > 0) await co.locator('.el-tag__close').first().click();
    await pickUnit(page, co, coUnit);
    await expect(co.locator('.el-tag')).toHaveCount(1);
    await saveScreen(page, 'dispatch-parallel');
    await dialog.getByTestId('dispatch-form-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(`dispatch-row-${story.number}`)).toHaveCount(0);
    await context.close();
  });

  test('the lead unit signs for it and the co-unit submits its part', async ({ browser, baseURL }) => {
    const lead = await signIn(browser, baseURL!, 'cgj.handler');
    await lead.page.getByTestId('menu-inbox').click();
    await lead.page.getByTestId('inbox-tab-to_sign').click();
    await lead.page.getByTestId(`inbox-sign-${story.number}`).click();
    await expect(lead.page.getByTestId(`inbox-sign-${story.number}`)).toHaveCount(0);
    await saveScreen(lead.page, 'inbox-lead');
    await lead.context.close();

    const co = await signIn(browser, baseURL!, 'ps.handler');
    await co.page.goto(`/cases/${story.caseId}`);
    await expect(co.page.getByTestId('case-number')).toContainText(story.number);
    await co.page.getByTestId('case-action-feedback').click();
    const dialog = co.page.getByTestId('action-dialog-feedback');
    await fillIn(dialog.getByTestId('feedback-result'), '街道执法队已在路口设卡检查，督促工地落实车辆冲洗。');
    await dialog.getByTestId('action-submit').click();
    await expect(dialog).toBeHidden();
    await co.context.close();
  });

  test('after the clock moves on, a supervisor sees the case overdue and urges it', async ({ browser, baseURL }) => {
    // Test hook (test builds only): 40 days later, then the deadline sweep at once.
    const api = await browser.newContext({ baseURL: baseURL! });
    expect((await api.request.post('/api/test/clock', { data: { advanceMinutes: 60 * 24 * 40 } })).ok()).toBe(true);
    expect((await api.request.post('/api/test/sweep')).ok()).toBe(true);
    await api.close();

    const { context, page } = await signIn(browser, baseURL!, 'supervisor');
    await page.getByTestId('menu-supervision').click();
    await page.getByTestId('supervision-tab-red').click();
    const row = page.getByTestId('supervision-overdue-table').locator('tr', { hasText: story.number });
    await expect(row).toBeVisible();
    await saveScreen(page, 'supervision-overdue');
    await row.getByTestId('urge-button').click();
    const dialog = page.getByTestId('reason-dialog');
    await fillIn(dialog.getByTestId('reason-input'), '已超期，请立即办理并反馈。');
    await dialog.getByTestId('reason-submit').click();
    await expect(dialog).toBeHidden();
    await context.close();
  });

  test('the lead unit gives feedback with a photo and replies to the citizen', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!, 'cgj.handler');
    await page.goto(`/cases/${story.caseId}`);
    await expect(page.getByTestId('case-due')).toBeVisible();
    await page.getByTestId('case-action-feedback').click();
    const dialog = page.getByTestId('action-dialog-feedback');
    await fillIn(dialog.getByTestId('feedback-result'), '已约谈涉事运输公司，路口加装冲洗设备，路面已清扫。');
    await dialog
      .getByTestId('feedback-photos-input')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: await photo() });
    await expect(dialog.locator('img').first()).toBeVisible();
    await dialog.getByTestId('feedback-with-reply').click();
    await fillIn(dialog.getByTestId('reply-body'), '您好，您反映的渣土车抛洒问题已处理，路面已清扫，感谢您的监督。');
    await saveScreen(page, 'case-feedback-dialog');
    await dialog.getByTestId('action-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('case-reply').first()).toContainText('路面已清扫');
    await context.close();
  });

  test('the case detail shows every step in the timeline', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!, 'supervisor');
    await page.goto(`/cases/${story.caseId}`);
    const timeline = page.getByTestId('case-timeline');
    await expect(timeline).toBeVisible();
    for (const action of ['case.created', 'case.dispatched', 'case.signed', 'case.fed_back', 'case.urged']) {
      await expect(timeline.getByTestId(`timeline-${action}`).first()).toBeVisible();
    }
    // Two feedbacks (co-unit, then lead) and the public reply shown apart from internal records.
    await expect(timeline.getByTestId('timeline-case.fed_back')).toHaveCount(2);
    await saveScreen(page, 'case-detail');
    await page.getByTestId('case-tab-records').click();
    await expect(page.getByTestId('case-replies').getByTestId('case-reply')).toContainText('路面已清扫');
    await expect(page.getByTestId('case-internal').getByTestId('case-internal-entry')).toHaveCount(2);
    await expect(page.getByTestId('case-internal').locator('img').first()).toBeVisible();
    await saveScreen(page, 'case-detail-records');
    await context.close();
  });

  test('the search finds the case by a Chinese word and exports it to Excel', async ({ browser, baseURL }) => {
    const { context, page } = await signIn(browser, baseURL!, 'dispatcher');
    await page.getByTestId('menu-search').click();
    await fillIn(page.getByTestId('search-text'), searchWord);
    await page.getByTestId('search-submit').click();
    await expect(
      page.getByTestId('search-results').getByTestId('search-row-link').filter({ hasText: story.number }),
    ).toBeVisible();
    await saveScreen(page, 'search');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('search-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain('工单编号');
    const numbers: string[] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) numbers.push(row.getCell(1).text);
    });
    expect(numbers).toContain(story.number);
    // The dispatcher may not see personal data: the phone is masked in the file too.
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).not.toContain(story.phone);
    await context.close();
  });

  test('a handler of another department cannot open the case by its address', async ({ browser, baseURL }) => {
    // A handler in the housing department, made by the system and security administrators.
    const admin = await browser.newContext({ baseURL: baseURL! });
    const login = async (username: string) =>
      expect((await admin.request.post('/api/auth/login', { data: { username, password } })).ok()).toBe(true);
    await login('sysadmin');
    const units = (await (await admin.request.get('/api/units')).json()) as {
      items: { id: string; code: string; name: string; type: string }[];
    };
    const other = units.items.find((u) => u.type === 'department' && !u.name.includes('城市管理'));
    expect(other).toBeDefined();
    const username = `zjj.handler${randomInt(1000, 9999)}`;
    const created = await admin.request.post('/api/users', {
      data: { username, displayName: '其他部门处置人员', unitCode: other!.code, password },
    });
    expect(created.status(), await created.text()).toBe(201);
    const userId =
      ((await created.json()) as { id?: string; user?: { id: string } }).id ??
      ((await created.json()) as { user: { id: string } }).user.id;
    await admin.request.post('/api/auth/logout');
    await login('secadmin');
    expect((await admin.request.put(`/api/users/${userId}/roles`, { data: { roles: ['handler'] } })).ok()).toBe(true);
    await admin.close();

    const { context, page } = await signIn(browser, baseURL!, username);
    await page.goto(`/cases/${story.caseId}`);
    await expect(page.getByTestId('case-error')).toBeVisible();
    await saveScreen(page, 'case-not-in-scope');
    await context.close();
  });
});

test.describe('menus by role', () => {
  const menus: Record<string, string[]> = {
    operator: ['menu-intake', 'menu-search', 'menu-supervision'],
    dispatcher: ['menu-intake', 'menu-dispatch', 'menu-search', 'menu-board'],
    'cgj.handler': ['menu-inbox', 'menu-search'],
    supervisor: ['menu-supervision', 'menu-search', 'menu-board'],
    leader: ['menu-supervision', 'menu-search', 'menu-board'],
    sysadmin: [
      'menu-admin-units',
      'menu-admin-users',
      'menu-admin-catalogue',
      'menu-admin-calendar',
      'menu-admin-citizen-groups',
      'menu-admin-integration',
    ],
    secadmin: ['menu-admin-users'],
    auditadmin: ['menu-admin-audit'],
  };
  const all = [
    'menu-intake',
    'menu-dispatch',
    'menu-inbox',
    'menu-supervision',
    'menu-search',
    'menu-board',
    'menu-admin-units',
    'menu-admin-users',
    'menu-admin-catalogue',
    'menu-admin-calendar',
    'menu-admin-citizen-groups',
    'menu-admin-integration',
    'menu-admin-audit',
  ];
  for (const [username, expected] of Object.entries(menus)) {
    test(`${username} sees only the menu items of their roles`, async ({ browser, baseURL }) => {
      const { context, page } = await signIn(browser, baseURL!, username);
      const menu = page.getByTestId('side-menu');
      for (const id of all) {
        if (expected.includes(id)) await expect(menu.getByTestId(id)).toBeVisible();
        else await expect(menu.getByTestId(id)).toHaveCount(0);
      }
      await saveScreen(page, `menu-${username}`);
      await context.close();
    });
  }
});

test.describe('every page at 1366×768 for people to look at', () => {
  const pages: [string, string, string][] = [
    ['leader', '/board', 'board-page'],
    ['sysadmin', '/admin/units', 'admin-units'],
    ['secadmin', '/admin/users', 'admin-users'],
    ['sysadmin', '/admin/catalogue', 'admin-catalogue'],
    ['sysadmin', '/admin/calendar', 'admin-calendar'],
    ['sysadmin', '/admin/settings', 'admin-settings'],
    ['sysadmin', '/admin/templates', 'admin-templates'],
    ['sysadmin', '/admin/outbox', 'admin-outbox'],
    ['sysadmin', '/admin/citizen-groups', 'admin-citizen-groups'],
    ['auditadmin', '/admin/audit', 'admin-audit'],
    ['cgj.handler', '/inbox', 'inbox'],
    ['supervisor', '/supervision', 'supervision-page'],
    ['dispatcher', '/', 'home-shortcuts'],
  ];
  for (const [username, path, testId] of pages) {
    test(`${path} as ${username}`, async ({ browser, baseURL }) => {
      const { context, page } = await signIn(browser, baseURL!, username);
      await page.goto(path);
      await expect(page.getByTestId(testId)).toBeVisible();
      await page.waitForTimeout(1500); // lists and charts settle (the board keeps a stream open: no network idle)
      await saveScreen(page, path === '/' ? 'page-home' : `page${path.replace(/\//g, '-')}`);
      await context.close();
    });
  }
});
