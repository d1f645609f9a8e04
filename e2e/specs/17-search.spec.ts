import AxeBuilder from '@axe-core/playwright';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { updateSettings } from '../fixtures/bridge';
import { connectPeer } from '../fixtures/chat-peer';
import { chat, openPersonChat, sendText } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';

const BOB = { uid: 'bob', token: 'bob-token-5c1e' } as const;
const CAROL = { uid: 'carol', token: 'carol-token-9a2d' } as const;
/** More than the first page, so the Chinese message is only reachable by loading back. */
const FILLER = 70;

test.use({ serverOptions: { users: [DEFAULT_USER, BOB, CAROL] } });

test('17. search: messages found in English and Chinese; a result opens its chat at the message, highlighted', async ({
  app,
  testServer,
  shot,
}) => {
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);
  const bob = await connectPeer(testServer.tcpAddress, BOB);
  const carol = await connectPeer(testServer.tcpAddress, CAROL);
  try {
    const toMe = { channelId: DEFAULT_USER.uid, channelType: 1 };
    bob.say(toMe, '早上好，你好世界');
    for (let i = 0; i < FILLER; i += 1) bob.say(toMe, `filler ${i}`);
    await bob.sync();
    carol.say(toMe, 'The meeting moved to Friday');
    await carol.sync();
    await expect(chat.channel(page, BOB.uid)).toBeVisible();
    await expect(chat.channel(page, CAROL.uid)).toBeVisible();
    await openPersonChat(page, CAROL.uid);
    await sendText(page, 'hi there, see you Friday');

    const filter = page.getByTestId('channel-filter');
    const results = page.getByTestId('search-result');

    // English, 3+ characters (trigram), case ignored: carol's message and our own reply.
    await filter.fill('friday');
    await expect(results).toHaveCount(2);
    await expect(results.first().getByTestId('search-snippet')).toHaveText(
      'hi there, see you Friday',
    );
    await expect(results.first().locator('mark')).toHaveText('Friday');
    // English, 2 characters (the short scan).
    await filter.fill('hi');
    await expect(results.first()).toHaveAttribute('data-channel-id', CAROL.uid);
    // Chinese, 2 characters inside a longer text.
    await filter.fill('你好');
    await expect(results).toHaveCount(1);
    await expect(results.first()).toHaveAttribute('data-channel-id', BOB.uid);
    await expect(results.first().locator('mark')).toHaveText('你好');
    await shot(app, '17-search-results');
    // The results pass axe (WCAG 2.1 A/AA), the marked match included.
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="search-results"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // Keyboard: ArrowDown from the box to the result, Enter opens bob's chat at that message.
    await filter.press('ArrowDown');
    await expect(results.first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(chat.conversation(page)).toHaveAttribute('data-channel-id', BOB.uid);
    const target = chat.messages(page).filter({ hasText: '早上好，你好世界' });
    await expect(target).toHaveAttribute('data-highlighted', 'true');
    await expect(target).toBeInViewport();
    // More than one page was loaded to reach it.
    await expect(chat.messages(page)).toHaveCount(FILLER + 1);
    await shot(app, '17-search-opened');
    // The highlight is brief.
    await expect(target).not.toHaveAttribute('data-highlighted', 'true', { timeout: 10_000 });

    // Chinese, 3+ characters, in the Chinese interface.
    await updateSettings(page, { locale: 'zh-CN' });
    await filter.fill('你好世界');
    await expect(results).toHaveCount(1);
    await expect(page.getByRole('heading', { name: '消息' })).toBeVisible();
    await filter.fill('没有这样的消息');
    await expect(page.getByTestId('search-empty')).toHaveText('没有找到消息。');
    await shot(app, '17-search-zh-CN');
  } finally {
    bob.close();
    carol.close();
  }
});
