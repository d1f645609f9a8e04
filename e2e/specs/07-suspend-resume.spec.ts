import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { recordSnapshots, recordedSnapshots } from '../fixtures/bridge';
import { expectConnected, signIn, ui } from '../fixtures/ui';

const BAD_REASONS = ['kickOff', 'authFail', 'banned', 'protocolError', 'maxAttemptsReached'];

test('7. suspend then resume: connected again promptly, never kicked or in error on the way', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  await recordSnapshots(page);

  await app.suspend();
  await expect(ui.status(page)).not.toHaveAttribute('data-status', 'connected');
  await expect(ui.status(page)).toHaveAttribute('data-reason', 'suspended');
  await shot(app, '07-suspended');

  const resumedAt = Date.now();
  await app.resume();
  await expectConnected(page, 3_000);
  expect(Date.now() - resumedAt).toBeLessThan(3_000);
  await shot(app, '07-resumed');

  const seen = await recordedSnapshots(page);
  expect(seen.map((s) => s.reason)).toContain('suspended');
  expect(seen.filter((s) => BAD_REASONS.includes(s.reason))).toEqual([]);
  expect(seen.filter((s) => s.status === 'connectFail')).toEqual([]);
  await expect(ui.kickedDialog(page)).toHaveCount(0);
  // Same device id: the server replaced our old session silently, we did not kick ourselves.
  expect(testServer.online(DEFAULT_USER.uid)).toHaveLength(1);
});
