import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The signed-in user's display name as `/api/auth/me` reports it (`{ user }` or the user itself). */
async function currentDisplayName(page: Page): Promise<string> {
  const response = await page.request.get('/api/auth/me');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { user?: { displayName?: unknown }; displayName?: unknown };
  const name = body.user?.displayName ?? body.displayName;
  expect(typeof name).toBe('string');
  return name as string;
}

const consoleTitle = 'CityDesk 民生诉求分拨平台';

test.describe('staff console', () => {
  test('a system administrator signs in, switches to English and signs out', async ({ page, saveScreen }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: consoleTitle })).toBeVisible();
    await expect(page.getByLabel('账号')).toBeVisible();
    await expect(page.getByLabel('密码', { exact: true })).toBeVisible();
    await saveScreen('console-login-zh');

    await page.getByLabel('账号').fill('sysadmin');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026!');
    await page.getByRole('button', { name: /登\s*录/ }).click();

    const header = page.getByTestId('current-user');
    await expect(header).toBeVisible();
    await expect(header.getByTestId('user-roles').getByText('系统管理员', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
    await expect(page.getByTestId('server-status')).toContainText('运行正常');
    // The seeded calendar ends with 2026: the next year's absence is reported, never silent.
    await expect(page.getByTestId('calendar-missing').first()).toContainText('工作日历尚未录入');
    // The header shows the display name the server has for this account (the page shares its cookie).
    const displayName = await currentDisplayName(page);
    await expect(header.getByTestId('user-name')).toHaveText(displayName);
    await saveScreen('console-home-zh');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(header.getByTestId('user-roles').getByText('System administrator', { exact: true })).toBeVisible();
    await expect(header.getByTestId('user-name')).toHaveText(displayName);
    await expect(page.getByRole('heading', { name: 'Server status' })).toBeVisible();
    await expect(page.getByTestId('server-status')).toContainText('Ready');
    await expect(header).toContainText('Pingshan District Command Centre');
    await saveScreen('console-home-en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('You have signed out')).toBeVisible();

    // The session is gone on the server too: a reload lands on the login page again.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  test('a wrong password shows the server’s message in Chinese', async ({ page, saveScreen }) => {
    await page.goto('/');
    await page.getByLabel('账号').fill('sysadmin');
    await page.getByLabel('密码', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();

    await expect(page.getByRole('alert').filter({ hasText: '账号或密码错误' })).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveCount(0);
    await saveScreen('console-login-wrong-password');
  });
});

test.describe('citizen portal', () => {
  test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

  test('the home page lists the entries and opens the privacy notice', async ({ page, saveScreen }) => {
    await page.goto('/portal/');
    await expect(page.getByRole('heading', { name: '坪山民生诉求' })).toBeVisible();
    for (const entry of ['我要反映', '我的诉求', '查询进度', '领导信箱', '常见问题', '隐私说明', '网格员入口']) {
      await expect(page.getByText(entry, { exact: true }).first()).toBeVisible();
    }
    // Nothing overflows sideways on a small phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreen('portal-home-zh');

    await page.getByText('隐私说明', { exact: true }).click();
    await expect(page).toHaveURL(/#\/privacy$/);
    await expect(page.getByRole('heading', { name: '我们收集什么' })).toBeVisible();
    await expect(page.getByText('手机号码', { exact: false }).first()).toBeVisible();
    await saveScreen('portal-privacy-zh');

    await page.getByText('返回').click();
    await expect(page.getByRole('heading', { name: '坪山民生诉求' })).toBeVisible();
  });
});
