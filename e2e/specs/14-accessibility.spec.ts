import type { Page } from '@playwright/test';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import type { AppHandle } from '../fixtures/app-handle';
import { updateSettings } from '../fixtures/bridge';
import { connectPeer } from '../fixtures/chat-peer';
import { chat, openPersonChat, sendText } from '../fixtures/chat-ui';
import { expectConnected, signIn, ui } from '../fixtures/ui';
import { expectNoViolations } from '../fixtures/axe';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

const THEMES = ['light', 'dark'] as const;
const LOCALES = ['en', 'zh-CN'] as const;

test('14. every screen passes axe in both themes and both languages, with screenshots', async ({
  app,
  testServer,
  shot,
}) => {
  test.setTimeout(180_000);
  const { page } = app;

  async function check(name: string, theme: string, locale: string): Promise<void> {
    await expectNoViolations(page, `${name} (${theme}, ${locale})`);
    await shot(app, `14-${name}-${theme}-${locale}`);
  }

  for (const theme of THEMES) {
    for (const locale of LOCALES) {
      await updateSettings(page, { theme, locale });
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(ui.signInScreen(page)).toBeVisible();
      await check('signin', theme, locale);
    }
  }

  await updateSettings(page, { theme: 'light', locale: 'en' });
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  const bob = await connectPeer(testServer.tcpAddress, BOB);
  try {
    await openPersonChat(page, BOB.uid);
    await sendText(page, 'Hello Bob, see https://example.com');
    bob.say({ channelId: DEFAULT_USER.uid, channelType: 1 }, 'Hi Alice!');
    await expect(chat.theirMessages(page)).toHaveCount(1);

    for (const theme of THEMES) {
      for (const locale of LOCALES) {
        await updateSettings(page, { theme, locale });
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        await visitMainScreens(app, (name) => check(name, theme, locale));
      }
    }
  } finally {
    bob.close();
  }
});

async function visitMainScreens(
  app: AppHandle,
  check: (name: string) => Promise<void>,
): Promise<void> {
  const { page } = app;
  await expect(ui.mainScreen(page)).toBeVisible();
  await check('main-chat');

  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-dialog')).toBeVisible();
  await check('settings');
  await page.keyboard.press('Escape');

  await page.getByTestId('diagnostics-open').click();
  await expect(page.getByTestId('diagnostics-log')).toBeVisible();
  await check('diagnostics');
  await page.keyboard.press('Escape');

  await page.getByTestId('signout').click();
  await expect(page.getByTestId('signout-dialog')).toBeVisible();
  await check('signout-confirm');
  await page.getByTestId('signout-cancel').click();

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('quick-switcher')).toBeVisible();
  await check('quick-switcher');
  await page.keyboard.press('Escape');

  await page.getByTestId('disconnect').click();
  await expect(page.getByTestId('connection-banner')).toBeVisible();
  await check('disconnected');
  await page.getByTestId('status-connect').click();
  await expectConnectedAnyLanguage(page);
}

async function expectConnectedAnyLanguage(page: Page): Promise<void> {
  await expect(ui.status(page)).toHaveAttribute('data-status', 'connected');
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
}
