/**
 * The jump to a search result on its own: a virtualized list is asked to draw the row, a message
 * no longer in the chat is given up quietly, and another chat's target is left alone.
 */
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../../shared/messages';
import { createAppStore } from '../store/app-store';
import { StoreContext } from '../store/store-context';
import { FakeApi } from '../../test/fake-api';
import { useJumpToMessage } from './use-jump-to-message';

const BOB = { channelId: 'bob', channelType: 1 };

function setup(entries: HistoryEntry[], target: HistoryEntry) {
  const fake = new FakeApi();
  const store = createAppStore(fake.api);
  const list = document.createElement('div');
  const reveal = vi.fn();
  const loadEarlier = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
  );
  renderHook(
    () =>
      useJumpToMessage({
        channel: BOB,
        entries,
        ready: true,
        hasMore: false,
        loadingMore: false,
        loadEarlier,
        listRef: { current: list },
        reveal,
      }),
    { wrapper },
  );
  act(() => store.getState().openSearchResult({ message: target, snippet: '', match: [0, 0] }));
  return { store, reveal, loadEarlier };
}

describe('useJumpToMessage', () => {
  it('asks a virtualized list to draw a loaded row that is not in the DOM', () => {
    const fake = new FakeApi();
    const entries = [1, 2, 3].map((n) => fake.makeEntry({ ...BOB, text: `m${n}` }));
    const { store, reveal } = setup(entries, entries[1]!);
    expect(reveal).toHaveBeenCalledWith(1);
    expect(store.getState().jumpTarget).not.toBeNull(); // still waiting for the row
  });

  it('gives up quietly on a message no longer in the chat', () => {
    const fake = new FakeApi();
    const entries = [1, 2].map((n) => fake.makeEntry({ ...BOB, text: `m${n}` }));
    const gone = fake.makeEntry({ ...BOB, text: 'deleted' });
    const { store, reveal, loadEarlier } = setup(entries, gone);
    expect(reveal).not.toHaveBeenCalled();
    expect(loadEarlier).not.toHaveBeenCalled();
    expect(store.getState().jumpTarget).toBeNull();
  });

  it("leaves another chat's target alone", () => {
    const fake = new FakeApi();
    const entries = [fake.makeEntry({ ...BOB, text: 'm1' })];
    const other = fake.makeEntry({ channelId: 'carol', channelType: 1, text: 'elsewhere' });
    const { store, reveal } = setup(entries, other);
    expect(reveal).not.toHaveBeenCalled();
    expect(store.getState().jumpTarget?.clientMsgNo).toBe(other.clientMsgNo);
  });
});
