import AxeBuilder from '@axe-core/playwright';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { chat, openPersonChat, sendText } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

test('19. web host: the page notices its lost bridge, says so instead of stale state, and resyncs when back', async ({
  app,
  testServer,
  shot,
}) => {
  test.skip(
    app.kind !== 'web',
    'only the web project has a bridge that can be cut (Electron IPC cannot go away)',
  );
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  await openPersonChat(page, 'bob');

  await page.context().setOffline(true);
  const notice = page.getByTestId('host-lost');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText('Lost connection to the app');
  // The stale window underneath can be neither used nor read out.
  await expect(page.locator('#root')).toHaveAttribute('inert', '');
  await shot(app, '19-host-lost');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);

  await page.context().setOffline(false);
  // Back: the page reloads from the host's state and works again.
  await expect(notice).toHaveCount(0);
  await expectConnected(page);
  await openPersonChat(page, 'bob');
  await sendText(page, 'after the bridge came back');
  await expect(chat.ownMessages(page).last().getByTestId('message-state')).toHaveText('Sent');
});
