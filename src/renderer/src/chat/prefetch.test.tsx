import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { HOVER_INTENT_MS } from './use-hover-intent';
import { PREFETCH_TOP_CHATS } from './use-prefetch-top-chats';

/** Chats written in this order, so the last one is the most recent (top of the list). */
async function withChats(ids: string[]) {
  const fake = new FakeApi();
  for (const id of ids) {
    fake.store(fake.makeEntry({ channelId: id, channelType: 1, fromUid: id, text: `hi ${id}` }));
  }
  const rendered = await renderApp(fake);
  return { ...rendered, user: userEvent.setup() };
}

const askedFor = (fake: FakeApi): string[] =>
  fake.api.listMessages.mock.calls.map(([channel]) => channel.channelId);

function row(id: string): HTMLElement {
  return screen.getAllByTestId('channel-item').find((el) => el.dataset.channelId === id)!;
}

describe('chats open without waiting', () => {
  it('fetches the first pages of the most recent chats while idle, and opens them from there', async () => {
    const { fake, user } = await withChats(['a', 'b', 'c', 'd', 'e']);
    await vi.waitFor(() => expect(askedFor(fake)).toHaveLength(PREFETCH_TOP_CHATS));
    expect(askedFor(fake)).toEqual(['e', 'd', 'c']);
    await flush();
    await user.click(row('d'));
    // Shown at once from the page already fetched: no second request, no "Loading…".
    expect(screen.queryByTestId('conversation-loading')).toBeNull();
    expect(within(screen.getByTestId('message-list')).getByText('hi d')).toBeTruthy();
    expect(askedFor(fake)).toHaveLength(PREFETCH_TOP_CHATS);
  });

  it('fetches a chat when the pointer rests on its row or the keyboard focus comes to it', async () => {
    const { fake } = await withChats(['a', 'b', 'c', 'd', 'e']);
    await vi.waitFor(() => expect(askedFor(fake)).toHaveLength(PREFETCH_TOP_CHATS));
    fireEvent.pointerEnter(row('a'));
    await vi.waitFor(() => expect(askedFor(fake).at(-1)).toBe('a'));
    row('b').focus();
    await flush();
    expect(askedFor(fake).at(-1)).toBe('b');
    // Once fetched, pointing at it again asks for nothing.
    vi.useFakeTimers();
    try {
      fireEvent.pointerEnter(row('a'));
      vi.advanceTimersByTime(HOVER_INTENT_MS * 2);
    } finally {
      vi.useRealTimers();
    }
    await flush();
    expect(askedFor(fake).filter((id) => id === 'a')).toHaveLength(1);
  });

  it('fetches nothing for rows that only pass under the pointer', async () => {
    const { fake } = await withChats(['a', 'b', 'c', 'd', 'e']);
    await vi.waitFor(() => expect(askedFor(fake)).toHaveLength(PREFETCH_TOP_CHATS));
    vi.useFakeTimers();
    try {
      // The list scrolled by the wheel: each row is under the pointer for a moment only.
      for (const id of ['a', 'b']) {
        fireEvent.pointerEnter(row(id));
        vi.advanceTimersByTime(HOVER_INTENT_MS - 20);
        fireEvent.pointerLeave(row(id));
      }
      vi.advanceTimersByTime(HOVER_INTENT_MS * 5);
    } finally {
      vi.useRealTimers();
    }
    await flush();
    expect(askedFor(fake)).toHaveLength(PREFETCH_TOP_CHATS);
  });

  it('asks again on open when the early fetch failed', async () => {
    const fake = new FakeApi();
    fake.store(fake.makeEntry({ channelId: 'bob', channelType: 1, fromUid: 'bob', text: 'hey' }));
    fake.api.listMessages.mockRejectedValueOnce(new Error('the app is busy'));
    await renderApp(fake);
    await vi.waitFor(() => expect(askedFor(fake)).toEqual(['bob']));
    await flush();
    await userEvent.setup().click(row('bob'));
    await flush();
    expect(askedFor(fake)).toEqual(['bob', 'bob']);
    expect(within(screen.getByTestId('message-list')).getByText('hey')).toBeTruthy();
  });
});
