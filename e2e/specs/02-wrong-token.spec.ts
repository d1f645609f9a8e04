import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { readAccount, updateSettings } from '../fixtures/bridge';
import { signIn } from '../fixtures/ui';

// The server answers a bad token with CONNACK authFail, the clearest v2 behaviour to assert on.
test.use({ serverOptions: { authFailureStyle: 'connack' } });

test('2. a wrong token shows the token-rejected message and stops after at most 2 CONNECTs', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  // Short retry interval: if the app wrongly kept retrying, it would show within the wait below.
  await updateSettings(page, { connection: { reconnectIntervalMs: 200 } });
  await signIn(page, {
    uid: DEFAULT_USER.uid,
    token: 'not-the-token',
    address: testServer.tcpAddress,
  });

  const rejected = page
    .locator('[data-testid="signin-error"][data-reason="authFail"]')
    .or(page.getByTestId('token-rejected'));
  await expect(rejected).toBeVisible({ timeout: 5_000 });
  await expect(rejected).toContainText('rejected');
  const attempts = testServer.stats.connectPackets;
  expect(attempts).toBeGreaterThanOrEqual(1);
  expect(attempts).toBeLessThanOrEqual(2);
  await shot(app, '02-wrong-token');

  // No further attempts while we wait 10 retry intervals (absence needs real time).
  await page.waitForTimeout(2_000);
  expect(testServer.stats.connectPackets).toBe(attempts);
  expect(testServer.stats.tcpAccepted).toBeLessThanOrEqual(2);
  expect(testServer.online(DEFAULT_USER.uid)).toHaveLength(0);
  await expect(rejected).toBeVisible();
  expect((await readAccount(page)).uid ?? DEFAULT_USER.uid).toBe(DEFAULT_USER.uid);
});
