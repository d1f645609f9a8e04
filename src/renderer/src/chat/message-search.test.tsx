/**
 * Message search in the chat list: results in English and Chinese with the match marked, keyboard
 * use, and choosing a result opens its chat at that message (older pages loaded as needed) with a
 * brief highlight. Fake time drives the typing pause and the highlight.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Language } from '../i18n/i18n';
import { PAGE_SIZE } from '../store/chat-slice';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { SEARCH_DEBOUNCE_MS } from './message-search-results';
import { JUMP_HIGHLIGHT_MS } from './use-jump-to-message';

const scrolled: Element[] = [];
beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: false });
  // jsdom has no layout: record which element was asked to scroll into view.
  Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
    scrolled.push(this);
  };
});
afterEach(() => {
  vi.useRealTimers();
  scrolled.length = 0;
});

async function pass(ms: number): Promise<void> {
  await act(async () => {
    vi.advanceTimersByTime(ms);
  });
  await flush();
}

/** bob: 120 messages, the 10th saying 你好世界; carol: one English message. */
async function setup(language: Language = 'en') {
  const fake = new FakeApi();
  const bob = { channelId: 'bob', channelType: 1 };
  for (let i = 0; i < 120; i += 1) {
    fake.store(fake.makeEntry({ ...bob, text: i === 10 ? '早上好，你好世界' : `filler ${i}` }));
  }
  fake.store(
    fake.makeEntry({ channelId: 'carol', channelType: 1, text: 'Meeting moved to Friday' }),
  );
  // The settings' locale wins over the start-up language once they arrive.
  fake.settings = { ...fake.settings, locale: language };
  const rendered = await renderApp(fake, language);
  const type = (text: string) =>
    fireEvent.change(screen.getByTestId('channel-filter'), { target: { value: text } });
  const search = async (text: string) => {
    type(text);
    await pass(SEARCH_DEBOUNCE_MS);
  };
  return { ...rendered, fake, type, search };
}

const results = () => screen.queryAllByTestId('search-result');

describe('message search', () => {
  it('finds English and Chinese messages and marks the match', async () => {
    const { search, fake } = await setup();
    await search('friday');
    expect(results().map((r) => r.dataset.channelId)).toEqual(['carol']);
    expect(within(results()[0]!).getByText('Friday').tagName).toBe('MARK');
    expect(fake.api.searchMessages).toHaveBeenLastCalledWith('friday', { limit: 50 });

    await search('你好');
    expect(results().map((r) => r.dataset.channelId)).toEqual(['bob']);
    expect(within(results()[0]!).getByText('你好').tagName).toBe('MARK');

    await search('nothing like this');
    expect(screen.getByTestId('search-empty').textContent).toBe('No messages found.');

    // Too long for the main process: said at once, never sent.
    const calls = fake.api.searchMessages.mock.calls.length;
    await search('x'.repeat(201));
    expect(screen.getByTestId('search-error').textContent).toBe(
      'Search failed: a search is at most 200 characters',
    );
    expect(fake.api.searchMessages.mock.calls.length).toBe(calls);
  });

  it('speaks Chinese and shows a failed search as a sentence', async () => {
    const { search, fake } = await setup('zh-CN');
    fake.api.searchMessages.mockRejectedValueOnce(new Error('磁盘已满'));
    await search('会议');
    expect(screen.getByTestId('search-error').textContent).toBe('搜索失败：磁盘已满');
    await search('你好世界');
    expect(screen.getByTestId('search-results').getAttribute('aria-label')).toBe(
      '包含“你好世界”的消息',
    );
    expect(screen.getByRole('heading', { name: '消息' })).toBeTruthy();
  });

  it('searches once per pause in typing, and an older answer never replaces a newer one', async () => {
    const { type, fake } = await setup();
    for (const text of ['f', 'fi', 'fil', 'filler 11']) {
      type(text);
      await pass(SEARCH_DEBOUNCE_MS - 1);
    }
    expect(fake.api.searchMessages).not.toHaveBeenCalled();
    await pass(1);
    expect(fake.api.searchMessages.mock.calls).toEqual([['filler 11', { limit: 50 }]]);
    expect(results().length).toBeGreaterThan(0);
    // A slow answer for "Meeting" arrives after the answer for "你好": "你好" stays.
    let answerSlow: (value: never[]) => void = () => {};
    fake.api.searchMessages.mockImplementationOnce(
      () => new Promise((resolve) => (answerSlow = resolve)),
    );
    type('Meeting');
    await pass(SEARCH_DEBOUNCE_MS);
    type('你好');
    await pass(SEARCH_DEBOUNCE_MS);
    await act(async () => answerSlow([]));
    expect(results().map((r) => r.dataset.channelId)).toEqual(['bob']);
  });

  it('is keyboard usable: ArrowDown into the results, arrows between them, Enter opens', async () => {
    const { search } = await setup();
    await search('filler 11');
    const box = screen.getByTestId('channel-filter');
    expect(results().length).toBeGreaterThan(1);
    const key = (k: string) => fireEvent.keyDown(document.activeElement!, { key: k });
    box.focus();
    key('ArrowDown');
    expect(document.activeElement).toBe(results()[0]);
    key('ArrowDown');
    expect(document.activeElement).toBe(results()[1]);
    key('ArrowUp');
    expect(document.activeElement).toBe(results()[0]);
    key('Escape');
    expect(document.activeElement).toBe(box);
    key('ArrowDown');
    // A focused button: Enter is its click (the browser's own behaviour).
    fireEvent.click(document.activeElement!);
    await flush();
    expect(screen.getByTestId('conversation').dataset.channelId).toBe('bob');
  });

  it('opens the chat at an old message, loading earlier pages, and highlights it briefly', async () => {
    const { search, fake } = await setup();
    await search('你好世界');
    fireEvent.click(results()[0]!);
    await flush();
    await flush();
    // The message is the 11th of 120: two pages back from the newest 50.
    expect(fake.api.listMessages.mock.calls.length).toBeGreaterThanOrEqual(3);
    const shown = screen
      .getAllByTestId('message')
      .find((m) => m.textContent?.includes('早上好，你好世界'))!;
    expect(shown).toBeTruthy();
    expect(scrolled.at(-1)).toBe(shown);
    expect(shown.dataset.highlighted).toBe('true');
    await pass(JUMP_HIGHLIGHT_MS);
    expect(shown.dataset.highlighted).toBeUndefined();
    expect(screen.getAllByTestId('message').length).toBeGreaterThan(PAGE_SIZE * 2);
  });
});
