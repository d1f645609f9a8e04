import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { expectConnected, signIn, ui } from '../fixtures/ui';

test('1. first sign-in with valid credentials connects within 2 s', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await expect(ui.signInScreen(page)).toBeVisible();
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });

  await expectConnected(page, 2_000);
  await expect(ui.mainScreen(page)).toBeVisible();
  expect(testServer.online(DEFAULT_USER.uid)).toHaveLength(1);
  expect(testServer.stats.connectsByUid.get(DEFAULT_USER.uid)).toBe(1);
  await shot(app, '01-first-sign-in');
});
