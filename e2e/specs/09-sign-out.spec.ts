import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { readAccount, updateSettings } from '../fixtures/bridge';
import { expectConnected, signIn, ui } from '../fixtures/ui';

/** Files under dir whose bytes contain text (the token must not sit in plaintext anywhere). */
function filesContaining(dir: string, text: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) hits.push(...filesContaining(path, text));
    else if (stat.size < 5_000_000 && readFileSync(path).includes(text)) hits.push(path);
  }
  return hits;
}

test('9. sign out: sign-in screen, nothing reconnects, the token is gone from storage', async ({
  app,
  testServer,
  shot,
}) => {
  await updateSettings(app.page, { connection: { reconnectIntervalMs: 200 } });
  await signIn(app.page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(app.page);
  expect((await readAccount(app.page)).hasToken).toBe(true);

  await app.page.getByTestId('signout').click();
  await app.page.getByTestId('signout-confirm').click();
  await expect(ui.signInScreen(app.page)).toBeVisible();
  await expect(app.page.getByTestId('signin-uid')).toHaveValue(DEFAULT_USER.uid);
  await expect(app.page.getByTestId('signin-token')).toHaveValue('');
  await expect.poll(() => testServer.online(DEFAULT_USER.uid).length).toBe(0);
  const connects = testServer.stats.connectPackets;
  await shot(app, '09-signed-out');

  expect((await readAccount(app.page)).hasToken).toBe(false);
  // Ten retry intervals of silence.
  await app.page.waitForTimeout(2_000);
  expect(testServer.stats.connectPackets).toBe(connects);

  // And after a restart: still signed out, still nothing on disk.
  await app.restart();
  await expect(ui.signInScreen(app.page)).toBeVisible();
  expect((await readAccount(app.page)).hasToken).toBe(false);
  expect(testServer.stats.connectPackets).toBe(connects);
  expect(filesContaining(app.dataDir, DEFAULT_USER.token)).toEqual([]);
});
