import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { updateSettings } from '../fixtures/bridge';
import { chat } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';

const BOB = { uid: 'bob', token: 'bob-token-21a4' } as const;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB] } });

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o), 'utf8');

test('21. message types: every kind shows its details; unknown and unreadable ones say so', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  const toAlice = (payload: Buffer) =>
    testServer.sendMessage({
      fromUid: BOB.uid,
      channelId: DEFAULT_USER.uid,
      channelType: 1,
      payload,
    });

  // two while signed out (they come with the offline sync), the rest live (RECV)
  toAlice(json({ type: 2, url: 'https://example.com/a.png', width: 640, height: 480 }));
  toAlice(json({ type: 8, name: 'report.pdf', size: 1_258_291, url: 'https://example.com/r' }));
  await updateSettings(page, { apiBaseUrl: testServer.httpUrl });
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  await expect(chat.channel(page, BOB.uid)).toBeVisible({ timeout: 15_000 });

  toAlice(json({ type: 6, title: 'Tiananmen Square', address: 'Beijing', lat: 39.9, lng: 116.4 }));
  toAlice(json({ type: 7, uid: 'carol', name: 'Carol' }));
  toAlice(json({ type: 4, url: 'https://example.com/v.amr', timeTrad: 7 }));
  toAlice(json({ type: 777, anything: true }));
  toAlice(Buffer.from('definitely not json \u202e', 'utf8'));

  // the chat list preview shows the newest one
  await expect(chat.channel(page, BOB.uid)).toContainText('[Unsupported message]', {
    timeout: 15_000,
  });
  await chat.channel(page, BOB.uid).click();
  await expect(chat.conversation(page)).toHaveAttribute('data-channel-id', BOB.uid);
  const bubbles = chat.messages(page).getByTestId('message-text');
  await expect(bubbles).toHaveText([
    '[Image]',
    '[File] report.pdf (1.2 MB)',
    '[Location] Tiananmen Square',
    '[Contact card] Carol',
    '[Voice message] 7″',
    '[Unsupported message]',
    '[Unsupported message]',
  ]);
  await shot(app, '21-message-types');

  // the same wording in Chinese
  await updateSettings(page, { locale: 'zh-CN' });
  await expect(bubbles).toHaveText([
    '[图片]',
    '[文件] report.pdf (1.2 MB)',
    '[位置] Tiananmen Square',
    '[名片] Carol',
    '[语音] 7″',
    '[不支持的消息]',
    '[不支持的消息]',
  ]);
  await expect(chat.channel(page, BOB.uid)).toContainText('[不支持的消息]');
});
