import type { Page } from '@playwright/test';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { updateSettings } from '../fixtures/bridge';
import { chat } from '../fixtures/chat-ui';
import { expectConnected, signIn, ui } from '../fixtures/ui';
import type { HistoryEntry } from '../../src/shared/messages';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;
const GROUP = { channelId: 'g1', channelType: 2 };
const DM = { channelId: BOB.uid, channelType: 1 };

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

/** The chat's stored history through the bridge (the list on screen may be virtualized). */
function history(page: Page, channel: { channelId: string; channelType: number }) {
  return page.evaluate(
    async (c) =>
      (
        await (
          globalThis as unknown as {
            wukong: {
              listMessages(
                ch: typeof c,
                o: { limit: number },
              ): Promise<Pick<HistoryEntry, 'text'>[]>;
            };
          }
        ).wukong.listMessages(c, { limit: 500 })
      ).map((e) => e.text),
    channel,
  );
}

const numbered = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix} ${from + i}`);

test('18. offline sync: what came while signed out is there once, in order, with its unread counts; a cut link loses nothing', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  testServer.setGroupMembers(GROUP.channelId, [DEFAULT_USER.uid, BOB.uid]);
  const send = (
    to: { channelId: string; channelType: number },
    prefix: string,
    from: number,
    to_: number,
  ) => {
    for (let i = from; i <= to_; i++) {
      testServer.sendMessage({
        fromUid: BOB.uid,
        ...to,
        payload: Buffer.from(JSON.stringify({ type: 1, content: `${prefix} ${i}` })),
      });
    }
  };
  // signed out: bob writes 50 to alice and 20 to their group
  send({ channelId: DEFAULT_USER.uid, channelType: 1 }, 'dm', 1, 50);
  send(GROUP, 'group', 1, 20);

  await updateSettings(page, { apiBaseUrl: testServer.httpUrl });
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  await expect(chat.channel(page, BOB.uid).getByTestId('unread-badge')).toHaveAttribute(
    'data-count',
    '50',
    { timeout: 15_000 },
  );
  await expect(chat.channel(page, GROUP.channelId).getByTestId('unread-badge')).toHaveAttribute(
    'data-count',
    '20',
  );
  await expect.poll(() => history(page, DM), { timeout: 15_000 }).toEqual(numbered('dm', 1, 50));
  await expect.poll(() => history(page, GROUP)).toEqual(numbered('group', 1, 20));
  await shot(app, '18-synced');

  // the opened chat has its newest message (it opens at the first unread one)
  await chat.channel(page, BOB.uid).click();
  await expect(chat.conversation(page)).toHaveAttribute('data-channel-id', BOB.uid);
  await expect(chat.messages(page).last().getByTestId('message-text')).toHaveText('dm 50');

  // the link is lost while bob keeps writing; after the reconnect nothing is missing
  await testServer.stopListening();
  await expect(ui.status(page)).not.toHaveAttribute('data-view', 'connected', { timeout: 10_000 });
  send({ channelId: DEFAULT_USER.uid, channelType: 1 }, 'dm', 51, 80);
  send(GROUP, 'group', 21, 30);
  await testServer.startListening();
  await expectConnected(page, 15_000);
  await expect.poll(() => history(page, DM), { timeout: 15_000 }).toEqual(numbered('dm', 1, 80));
  await expect
    .poll(() => history(page, GROUP), { timeout: 15_000 })
    .toEqual(numbered('group', 1, 30));
  // synced messages reach the open chat as received ones do
  await expect(chat.messages(page).last().getByTestId('message-text')).toHaveText('dm 80');
  await expect(chat.channel(page, GROUP.channelId).getByTestId('unread-badge')).toHaveAttribute(
    'data-count',
    '30',
  );
});
