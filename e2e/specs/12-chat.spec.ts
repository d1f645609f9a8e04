import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { connectPeer } from '../fixtures/chat-peer';
import { chat, openPersonChat, sendText } from '../fixtures/chat-ui';
import { expectConnected, signIn, ui } from '../fixtures/ui';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

test('12. chat: three messages sent offline arrive once and in order; marks go sending -> sent; the reply appears', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  const bob = await connectPeer(testServer.tcpAddress, BOB);
  try {
    await openPersonChat(page, BOB.uid);

    await app.setNetworkOnline(false);
    await expect(ui.status(page)).toHaveAttribute('data-view', 'offline');
    const sendsBefore = testServer.stats.sends;
    const texts = ['first, written offline', 'second\nwith a second line', 'third 第三条'];
    for (const text of texts) await sendText(page, text);

    const own = chat.ownMessages(page);
    await expect(own).toHaveCount(texts.length);
    for (const [i, text] of texts.entries()) {
      await expect(own.nth(i).getByTestId('message-text')).toHaveText(text);
      await expect(own.nth(i).getByTestId('message-state')).toHaveText('Sending…');
      await expect(own.nth(i).getByTestId('message-state')).toHaveAttribute(
        'data-state',
        /^(queued|sending)$/,
      );
    }
    await expect(page.getByTestId('composer-offline-note')).toBeVisible();
    await shot(app, '12-chat-offline');

    // A fourth one, thought better of: Delete asks once, by keyboard, and it never leaves.
    await sendText(page, 'delete me');
    const doomed = own.nth(texts.length);
    await expect(doomed).toHaveAttribute('data-state', 'queued');
    await doomed.getByTestId('message-delete').focus();
    await page.keyboard.press('Enter');
    await expect(doomed.getByTestId('message-delete-question')).toHaveText(
      'Delete this unsent message?',
    );
    await expect(doomed.getByTestId('message-delete-confirm')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(own).toHaveCount(texts.length);
    await expect(page.getByText('delete me')).toHaveCount(0);
    await expect(chat.channel(page, BOB.uid).getByTestId('channel-preview')).toContainText(
      'third 第三条',
    );

    // Nothing reached the server while offline.
    expect(testServer.stats.sends).toBe(sendsBefore);
    expect(bob.received).toHaveLength(0);

    await app.setNetworkOnline(true);
    await expectConnected(page);
    for (let i = 0; i < texts.length; i += 1) {
      await expect(own.nth(i).getByTestId('message-state')).toHaveText('Sent');
      await expect(own.nth(i)).toHaveAttribute('data-state', 'sent');
    }
    // Each SENDACK follows its RECVs to bob; one round trip and bob has read them all.
    await bob.sync();
    const ids = await own.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-client-msg-no')),
    );
    expect(bob.received.map((m) => m.text)).toEqual(texts);
    expect(bob.received.map((m) => m.clientMsgNo)).toEqual(ids);
    for (const message of bob.received) {
      expect(message.fromUid).toBe(DEFAULT_USER.uid);
      expect(message.channelId).toBe(DEFAULT_USER.uid);
      expect(message.channelType).toBe(1);
    }

    bob.say({ channelId: DEFAULT_USER.uid, channelType: 1 }, 'got all three 👍');
    const reply = chat.theirMessages(page).last();
    await expect(reply.getByTestId('message-text')).toHaveText('got all three 👍');
    await expect(reply.getByTestId('message-sender')).toHaveText(BOB.uid);
    await expect(reply).toHaveAttribute('data-state', 'received');
    await expect(chat.messages(page)).toHaveCount(texts.length + 1);
    // Read while open: no badge on the open conversation.
    await expect(chat.channel(page, BOB.uid).getByTestId('unread-badge')).toHaveCount(0);

    // Still exactly once, after everything settled.
    await bob.sync();
    expect(bob.received).toHaveLength(texts.length);
    await shot(app, '12-chat');
  } finally {
    bob.close();
  }
});
