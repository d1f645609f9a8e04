/** Non-text messages show their placeholder in the bubble and the chat list, never nothing. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

const BOB = { channelId: 'bob', channelType: 1 };

async function showBob(
  contentType: number,
  language: 'en' | 'zh-CN',
): Promise<{ bubble: string; preview: string }> {
  const fake = new FakeApi();
  fake.settings = { ...fake.settings, locale: language };
  fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', contentType, text: '' }));
  await renderApp(fake, language);
  const item = screen.getAllByTestId('channel-item').find((i) => i.dataset.channelId === 'bob')!;
  const preview = item.textContent ?? '';
  await userEvent.setup().click(item);
  await flush();
  return { bubble: screen.getAllByTestId('message-text').at(-1)!.textContent ?? '', preview };
}

describe('message placeholders', () => {
  it('an image shows [Image] / [图片] in the bubble and the list preview', async () => {
    const en = await showBob(2, 'en');
    expect(en.bubble).toBe('[Image]');
    expect(en.preview).toContain('[Image]');
  });

  it('in Chinese too', async () => {
    const zh = await showBob(2, 'zh-CN');
    expect(zh.bubble).toBe('[图片]');
    expect(zh.preview).toContain('[图片]');
  });

  it('an undecodable payload (type 0) shows [Unsupported message]', async () => {
    const r = await showBob(0, 'en');
    expect(r.bubble).toBe('[Unsupported message]');
    expect(r.preview).toContain('[Unsupported message]');
  });
});
