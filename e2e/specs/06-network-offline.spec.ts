import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { updateSettings } from '../fixtures/bridge';
import { expectConnected, signIn, ui } from '../fixtures/ui';

test('6. network offline: waiting for network with zero attempts; online: connected within 2 s', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  // A short retry interval makes any wrong attempt while offline show up within the wait below.
  await updateSettings(page, { connection: { reconnectIntervalMs: 200 } });
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);

  await app.setNetworkOnline(false);
  await expect(ui.status(page)).toHaveAttribute('data-view', 'offline');
  await expect(ui.statusText(page)).toHaveText('Waiting for network…');
  await expect(ui.retryNow(page)).toHaveCount(0);
  const accepted = testServer.stats.tcpAccepted;
  const connects = testServer.stats.connectPackets;
  await shot(app, '06-offline');

  // Ten retry intervals of silence: absence can only be shown with real time.
  await page.waitForTimeout(2_000);
  expect(testServer.stats.tcpAccepted).toBe(accepted);
  expect(testServer.stats.connectPackets).toBe(connects);
  await expect(ui.status(page)).toHaveAttribute('data-view', 'offline');

  await app.setNetworkOnline(true);
  await expectConnected(page, 2_000);
  await shot(app, '06-back-online');
});
