import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { readSettings } from '../fixtures/bridge';
import { expectConnected, signIn, ui } from '../fixtures/ui';

const HEARTBEAT_S = 5; // default is 25 s: a PING within a few seconds proves the new value applies

test('10. changed settings survive an app restart and apply to the next connection', async ({
  app,
  testServer,
  shot,
}) => {
  await signIn(app.page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(app.page);

  await app.page.getByTestId('settings-open').click();
  const dialog = app.page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await app.page.getByTestId('settings-heartbeat').fill(String(HEARTBEAT_S));
  await app.page.getByTestId('settings-reconnect-interval').fill('0.5');
  await shot(app, '10-settings-changed');
  await app.page.getByTestId('settings-save').click();
  await expect(dialog).toHaveCount(0);

  await app.restart();
  const { page } = app;
  // Where the OS offers no secret store (Electron under xvfb) the token lived in memory only.
  if (await ui.signInScreen(page).isVisible()) {
    await expect(page.getByTestId('signin-uid')).toHaveValue(DEFAULT_USER.uid);
    await signIn(page, { uid: DEFAULT_USER.uid, token: DEFAULT_USER.token });
  }
  await expectConnected(page, 5_000);
  testServer.resetStats();

  const settings = await readSettings(page);
  expect(settings.connection.heartbeatIntervalMs).toBe(HEARTBEAT_S * 1000);
  expect(settings.connection.reconnectIntervalMs).toBe(500);

  // The connection made after the restart pings at the new interval.
  await expect
    .poll(() => testServer.stats.pings, { timeout: HEARTBEAT_S * 1000 + 2_500 })
    .toBeGreaterThan(0);

  await page.getByTestId('settings-open').click();
  await expect(page.getByTestId('settings-heartbeat')).toHaveValue(String(HEARTBEAT_S));
  await expect(page.getByTestId('settings-reconnect-interval')).toHaveValue('0.5');
  await shot(app, '10-settings-after-restart');
  await page.getByTestId('settings-cancel').click();
});
