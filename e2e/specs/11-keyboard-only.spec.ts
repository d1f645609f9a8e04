import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { focusedTestId, tabTo } from '../fixtures/keyboard';
import { signInElsewhere } from '../fixtures/second-client';
import { expectConnected, ui } from '../fixtures/ui';

test.use({ serverOptions: { kickCloseDelayMs: 300 } });

test('11. keyboard only: sign in, open settings, leave the kicked dialog via "Sign in again"', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  const keyboard = page.keyboard;
  // The server address is prefilled (test mode); a person types the account and presses Enter.
  await expect(ui.signInScreen(page)).toBeVisible();
  await tabTo(page, 'signin-uid');
  await keyboard.type(DEFAULT_USER.uid);
  await tabTo(page, 'signin-token');
  await keyboard.type(DEFAULT_USER.token);
  await keyboard.press('Enter');
  await expectConnected(page);

  await tabTo(page, 'settings-open');
  await keyboard.press('Enter');
  const settings = page.getByTestId('settings-dialog');
  await expect(settings).toBeVisible();
  await shot(app, '11-keyboard-settings');
  await keyboard.press('Escape');
  await expect(settings).toHaveCount(0);
  // Focus goes back where it was.
  expect(await focusedTestId(page)).toBe('settings-open');

  const other = signInElsewhere({ address: testServer.tcpAddress, ...DEFAULT_USER });
  try {
    await other.connected;
    await expect(ui.kickedDialog(page)).toBeVisible();
    // The alertdialog takes focus, on its primary action.
    await expect.poll(() => focusedTestId(page)).toBe('kicked-signin-again');
    await shot(app, '11-keyboard-kicked');
    await keyboard.press('Enter');
    await expect(ui.signInScreen(page)).toBeVisible();
    await expect(page.getByTestId('signin-uid')).toHaveValue(DEFAULT_USER.uid);
    await tabTo(page, 'signin-token');
    await keyboard.type(DEFAULT_USER.token);
    await keyboard.press('Enter');
    await expectConnected(page);
    await shot(app, '11-keyboard-signed-in-again');
  } finally {
    other.stop();
  }
});
