import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { connectPeer } from '../fixtures/chat-peer';
import { chat, openPersonChat } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;
const TO_ALICE = { channelId: DEFAULT_USER.uid, channelType: 1 };

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

test('15. desktop chat: filter, + new chat, Ctrl+K, unread divider and "↓ N new", drafts per chat', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  const bob = await connectPeer(testServer.tcpAddress, BOB);
  try {
    // Five messages read, then another chat is open while thirty more arrive.
    for (let i = 1; i <= 5; i += 1) bob.say(TO_ALICE, `read ${i}`);
    await expect(chat.channel(page, BOB.uid)).toBeVisible();
    await chat.channel(page, BOB.uid).click();
    await expect(chat.theirMessages(page)).toHaveCount(5);
    await openPersonChat(page, 'carol');
    for (let i = 1; i <= 30; i += 1) bob.say(TO_ALICE, `new ${i}\nsecond line\nthird line`);
    const badge = chat.channel(page, BOB.uid).getByTestId('unread-badge');
    await expect(badge).toHaveAttribute('data-count', '30');

    // The filter narrows the list; Ctrl+K jumps to a chat by name.
    await page.getByTestId('channel-filter').fill('bo');
    await expect(page.getByTestId('channel-item')).toHaveCount(1);
    await page.getByTestId('channel-filter').fill('');
    await page.keyboard.press('Control+k');
    await page.getByTestId('quick-switcher-input').fill('bob');
    await page.keyboard.press('Enter');
    await expect(chat.conversation(page)).toHaveAttribute('data-channel-id', BOB.uid);

    // Opens at the first unread under a divider; nothing is marked read until it is seen.
    const divider = page.getByTestId('unread-divider');
    await expect(divider).toHaveText('30 new messages');
    await expect(divider).toBeInViewport();
    await expect(page.getByTestId('date-separator').first()).toBeVisible();
    await expect(badge).toHaveAttribute('data-count', '30');
    const jump = page.getByTestId('jump-to-new');
    await expect(jump).toContainText('30 new');
    await shot(app, '15-unread-divider');
    await jump.click();
    await expect(chat.theirMessages(page).last()).toBeInViewport();
    await expect(badge).toHaveCount(0);

    // A draft stays with its chat.
    await chat.composer(page).fill('half a thought');
    await chat.channel(page, 'carol').click();
    await expect(chat.composer(page)).toHaveValue('');
    await chat.channel(page, BOB.uid).click();
    await expect(chat.composer(page)).toHaveValue('half a thought');
  } finally {
    bob.close();
  }
});
