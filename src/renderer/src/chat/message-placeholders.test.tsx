/** Non-text messages show their placeholder in the bubble and the chat list, never nothing. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ContentDetails } from '../../../shared/message-content';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

const BOB = { channelId: 'bob', channelType: 1 };

async function showBob(
  contentType: number,
  language: 'en' | 'zh-CN',
  content?: ContentDetails,
): Promise<{ bubble: string; preview: string }> {
  const fake = new FakeApi();
  fake.settings = { ...fake.settings, locale: language };
  fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', contentType, text: '', content }));
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

  const FILE: ContentDetails = { kind: 'file', name: 'report.pdf', size: 1_258_291 };

  it('a file shows its name and size in the bubble and the list preview', async () => {
    const en = await showBob(8, 'en', FILE);
    expect(en.bubble).toBe('[File] report.pdf (1.2 MB)');
    expect(en.preview).toContain('[File] report.pdf (1.2 MB)');
  });

  it('a file in Chinese', async () => {
    const zh = await showBob(8, 'zh-CN', FILE);
    expect(zh.bubble).toBe('[文件] report.pdf (1.2 MB)');
    expect(zh.preview).toContain('[文件] report.pdf (1.2 MB)');
  });

  it("a location's title", async () => {
    const place = await showBob(6, 'zh-CN', { kind: 'location', title: '天安门', address: '' });
    expect(place.bubble).toBe('[位置] 天安门');
    expect(place.preview).toContain('[位置] 天安门');
  });

  it("a card's name", async () => {
    const card = await showBob(7, 'en', { kind: 'card', uid: 'u1', name: 'Alice' });
    expect(card.bubble).toBe('[Contact card] Alice');
    expect(card.preview).toContain('[Contact card] Alice');
  });

  it('an unknown type (777) shows [不支持的消息]', async () => {
    const r = await showBob(777, 'zh-CN', { kind: 'unsupported', contentType: 777 });
    expect(r.bubble).toBe('[不支持的消息]');
    expect(r.preview).toContain('[不支持的消息]');
  });
});
