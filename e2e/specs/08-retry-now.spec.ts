import { expect, test } from '../fixtures/test';
import { connectThenLoseServer } from '../fixtures/server-loss';
import { expectConnected, ui } from '../fixtures/ui';

const MIN_WAIT_S = 6;

test('8. "Retry now" during a long backoff starts an attempt at once', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  // The longest interval the settings allow: the scheduled attempt is far away.
  await connectThenLoseServer(page, testServer, 60_000);
  const status = ui.status(page);
  // Full jitter draws each wait from [0, min(30 s, interval * 2^n)): wait for a draw that leaves
  // the next scheduled attempt well in the future (short draws just fail again meanwhile).
  await expect
    .poll(async () => Number(await status.getAttribute('data-seconds')), { timeout: 25_000 })
    .toBeGreaterThanOrEqual(MIN_WAIT_S);
  await shot(app, '08-long-backoff');

  await testServer.startListening();
  const before = testServer.stats.tcpAccepted;
  const clickedAt = Date.now();
  await ui.retryNow(page).click();
  await expect.poll(() => testServer.stats.tcpAccepted, { timeout: 2_000 }).toBeGreaterThan(before);
  // Far sooner than the schedule would have (at least MIN_WAIT_S away when clicked).
  expect(Date.now() - clickedAt).toBeLessThan(2_000);
  await expectConnected(page, 3_000);
  await shot(app, '08-retried');
});
