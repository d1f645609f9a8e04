import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { connectThenLoseServer } from '../fixtures/server-loss';
import { expectConnected, ui } from '../fixtures/ui';

test('4. server killed: reconnecting with a countdown, back on its own when the server returns', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await connectThenLoseServer(page, testServer, 2_000);
  const status = ui.status(page);
  await expect(ui.statusText(page)).toHaveText(/(Reconnecting in|Retrying in) \d+ s/);
  await expect(status).toHaveAttribute('data-seconds', /^\d+$/);
  await expect(ui.retryNow(page)).toBeVisible();
  await shot(app, '04-server-killed');

  const before = testServer.stats.tcpAccepted;
  await testServer.startListening();
  // The next scheduled attempt (backoff capped well under 15 s here) must connect by itself.
  await expectConnected(page, 15_000);
  expect(testServer.stats.tcpAccepted).toBeGreaterThan(before);
  expect(testServer.online(DEFAULT_USER.uid)).toHaveLength(1);
  await shot(app, '04-server-back');
});
