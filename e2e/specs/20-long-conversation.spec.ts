import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { connectPeer } from '../fixtures/chat-peer';
import { chat, openPersonChat } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';
import { expectNoViolations } from '../fixtures/axe';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;
/** Above the 300 rows from which the conversation is virtualized. */
const COUNT = 400;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

test('20. a long conversation keeps only the rows near the viewport and follows the newest', async ({
  app,
  testServer,
  shot,
}) => {
  test.setTimeout(120_000);
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  const bob = await connectPeer(testServer.tcpAddress, BOB);
  try {
    await openPersonChat(page, BOB.uid);
    for (let i = 0; i < COUNT; i += 1) {
      bob.say({ channelId: DEFAULT_USER.uid, channelType: 1 }, `message ${i}`);
    }
    await bob.sync();
    await expect(page.getByTestId('messages-virtual')).toBeVisible();
    // At the bottom while they came in: the newest is on screen.
    const list = page.getByTestId('message-list');
    await expect(list.getByText(`message ${COUNT - 1}`, { exact: true })).toBeInViewport();
    // Read as they came in: nothing counted as new, also across the switch to the virtual list.
    await expect(page.getByTestId('jump-to-new')).toHaveCount(0);
    const inDom = await chat.messages(page).count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(100);
    // One list of messages for screen readers, however the rows are laid out, and axe-clean.
    await expect(list.getByRole('list')).toHaveCount(1);
    await expect(list.getByRole('listitem').first()).toBeVisible();
    await expectNoViolations(page, 'a virtualized conversation');
    await shot(app, '20-long-conversation');
  } finally {
    bob.close();
  }
});
