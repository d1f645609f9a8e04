import AxeBuilder from '@axe-core/playwright';
import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { chat } from '../fixtures/chat-ui';
import { expectConnected, signIn } from '../fixtures/ui';

const CHATS = 220;

test('16. a long chat list keeps only the visible rows and still scrolls to every chat', async ({
  app,
  testServer,
  shot,
}) => {
  test.setTimeout(120_000);
  const { page } = app;
  await signIn(page, { ...DEFAULT_USER, address: testServer.tcpAddress });
  await expectConnected(page);

  for (let i = 0; i < CHATS; i += 1) {
    await page.getByTestId('new-chat-toggle').click();
    await page.getByTestId('new-chat-input').fill(`user-${String(i).padStart(3, '0')}`);
    await page.getByTestId('new-chat-input').press('Enter');
  }
  const list = page.getByTestId('channel-list');
  await expect(list).toHaveAttribute('data-virtual', 'true');
  const shown = await page.getByTestId('channel-item').count();
  expect(shown).toBeGreaterThan(5);
  expect(shown).toBeLessThan(60);

  // Scrolled to the far end, the last row is there and opens its chat.
  const lastRow = page.locator(`li[aria-posinset="${CHATS}"]`);
  await page.locator('.chat-sidebar').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(lastRow).toBeVisible();
  const id = await lastRow.getByTestId('channel-item').getAttribute('data-channel-id');
  await lastRow.getByTestId('channel-item').click();
  await expect(chat.conversation(page)).toHaveAttribute('data-channel-id', id ?? '');
  await shot(app, '16-many-chats');

  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});
