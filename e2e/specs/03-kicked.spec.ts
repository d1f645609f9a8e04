import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { signInElsewhere } from '../fixtures/second-client';
import { expectConnected, signIn, ui } from '../fixtures/ui';

test.use({ serverOptions: { kickCloseDelayMs: 300 } });

test('3. kicked by another device: modal with the server text, no reconnects, sign in again', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);

  const other = signInElsewhere({ address: testServer.tcpAddress, ...DEFAULT_USER });
  try {
    await other.connected;
    const dialog = ui.kickedDialog(page);
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAttribute('role', 'alertdialog');
    await expect(page.getByTestId('kicked-message')).toContainText('another device');
    await expect(page.getByTestId('kicked-reason')).toHaveText(/login in other device/);
    await expect(ui.status(page)).toHaveAttribute('data-reason', 'kickOff');
    await shot(app, '03-kicked');

    // Ours plus the other device; nothing more while we wait, though the link is long closed.
    const connects = testServer.stats.connectsByUid.get(DEFAULT_USER.uid);
    expect(connects).toBe(2);
    await page.waitForTimeout(2_000);
    expect(testServer.stats.connectsByUid.get(DEFAULT_USER.uid)).toBe(connects);
    await expect(dialog).toBeVisible();

    await page.getByTestId('kicked-signin-again').click();
    await expect(ui.signInScreen(page)).toBeVisible();
    await expect(page.getByTestId('signin-uid')).toHaveValue(DEFAULT_USER.uid);
    await page.getByTestId('signin-token').fill(DEFAULT_USER.token);
    await page.getByTestId('signin-submit').click();
    await expectConnected(page);
    await shot(app, '03-kicked-signed-in-again');
  } finally {
    other.stop();
  }
});
