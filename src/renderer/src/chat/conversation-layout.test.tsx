import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../../shared/messages';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { layoutMessages } from './message-layout';
import { splitLinks } from './message-text';

const BOB = { channelId: 'bob', channelType: 1 };
const DAY1 = new Date(2026, 10, 27, 9, 0).getTime();
const DAY2 = new Date(2026, 10, 28, 9, 0).getTime();
const MIN = 60_000;

function entry(n: number, fromUid: string, timestamp: number): HistoryEntry {
  return {
    ...BOB,
    clientMsgNo: `c${n}`,
    messageId: null,
    messageSeq: null,
    fromUid,
    own: fromUid === 'alice',
    contentType: 1,
    text: `m${n}`,
    timestamp,
    state: fromUid === 'alice' ? 'sent' : 'received',
    order: n,
  };
}

describe('message layout', () => {
  it('groups consecutive messages of one sender and separates days', () => {
    const rows = layoutMessages([
      entry(1, 'bob', DAY1),
      entry(2, 'bob', DAY1 + MIN),
      entry(3, 'alice', DAY1 + 2 * MIN),
      entry(4, 'bob', DAY1 + 3 * MIN),
      entry(5, 'bob', DAY1 + 30 * MIN), // a long pause starts a new group
      entry(6, 'bob', DAY2),
    ]);
    expect(rows.map((r) => r.header)).toEqual([true, false, true, true, true, true]);
    expect(rows.map((r) => r.dayStart)).toEqual([true, false, false, false, false, true]);
  });

  it('lays out an entry again when older messages arrive above it, and reuses the rest', () => {
    const a = entry(3, 'bob', DAY2);
    const b = entry(4, 'bob', DAY2 + MIN);
    const first = layoutMessages([a, b]);
    expect(first.map((r) => [r.header, r.dayStart])).toEqual([
      [true, true],
      [false, false],
    ]);
    // The same sender a minute earlier, same day: `a` no longer starts its day or its group.
    const older = entry(2, 'bob', DAY2 - MIN);
    const second = layoutMessages([older, a, b]);
    expect(second.map((r) => [r.header, r.dayStart])).toEqual([
      [true, true],
      [false, false],
      [false, false],
    ]);
    expect(second[2]).toBe(first[1]);
    expect(second[1]).not.toBe(first[0]);
    // Removed again (e.g. a deleted message): `a` starts its day once more.
    expect(layoutMessages([a, b])[0]).toMatchObject({ header: true, dayStart: true });
  });

  it('starts a new day at local midnight, not after 24 hours', () => {
    const lateEvening = new Date(2026, 10, 27, 23, 58).getTime();
    const afterMidnight = new Date(2026, 10, 28, 0, 1).getTime();
    const rows = layoutMessages([entry(1, 'bob', lateEvening), entry(2, 'bob', afterMidnight)]);
    expect(rows.map((r) => r.dayStart)).toEqual([true, true]);
  });
});

describe('links in messages', () => {
  it('finds http(s) links only', () => {
    expect(splitLinks('see https://example.com/a?b=1, or ftp://x and javascript:alert(1)')).toEqual(
      [
        { text: 'see ' },
        { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
        { text: ', or ftp://x and javascript:alert(1)' },
      ],
    );
  });
});

describe('conversation view', () => {
  async function openBob(entries: Array<[string, number, string?]>) {
    const fake = new FakeApi();
    for (const [from, at, text] of entries) {
      fake.store(
        fake.makeEntry({
          ...BOB,
          fromUid: from,
          own: from === 'alice',
          timestamp: at,
          ...(text ? { text } : {}),
        }),
      );
    }
    await renderApp(fake);
    const user = userEvent.setup();
    const item = screen.getAllByTestId('channel-item').find((i) => i.dataset.channelId === 'bob')!;
    await user.click(item);
    await flush();
    return { fake, user };
  }

  it('shows the sender once per group and a separator per day', async () => {
    await openBob([
      ['bob', DAY1],
      ['bob', DAY1 + MIN],
      ['bob', DAY2],
    ]);
    expect(screen.getAllByTestId('message-sender')).toHaveLength(2);
    expect(screen.getAllByTestId('date-separator')).toHaveLength(2);
  });

  it('opens a clicked link only through the openExternal verb; nothing navigates', async () => {
    const { fake, user } = await openBob([['bob', DAY1, 'docs at https://example.com/docs now']]);
    const opened = vi.spyOn(window, 'open').mockImplementation(() => null);
    try {
      const link = within(screen.getByTestId('message-text')).getByRole('link');
      expect(link.getAttribute('href')).toBe('https://example.com/docs');
      // no target: even a missed click handler could not open a window
      expect(link.getAttribute('target')).toBeNull();
      expect(fake.api.openExternal).not.toHaveBeenCalled();
      await user.click(link);
      expect(fake.api.openExternal).toHaveBeenCalledTimes(1);
      expect(fake.api.openExternal).toHaveBeenCalledWith('https://example.com/docs');
      // the page's own navigation is cancelled
      expect(fireEvent.click(link)).toBe(false);
      expect(
        fireEvent(link, new MouseEvent('auxclick', { bubbles: true, cancelable: true, button: 1 })),
      ).toBe(false);
      // keyboard: Enter on the focused link is a click
      link.focus();
      await user.keyboard('{Enter}');
      expect(fake.api.openExternal).toHaveBeenCalledTimes(4);
      expect(opened).not.toHaveBeenCalled();
      expect(window.location.href).not.toContain('example.com');
    } finally {
      opened.mockRestore();
    }
  });

  it('opens nothing without a click: hovering or focusing a link does not call the verb', async () => {
    const { fake, user } = await openBob([['bob', DAY1, 'see https://example.com/x']]);
    const link = within(screen.getByTestId('message-text')).getByRole('link');
    await user.hover(link);
    link.focus();
    expect(fake.api.openExternal).not.toHaveBeenCalled();
  });

  it('keeps a draft per chat when switching chats', async () => {
    const fake = new FakeApi();
    fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob' }));
    fake.store(fake.makeEntry({ channelId: 'carol', channelType: 1, fromUid: 'carol' }));
    await renderApp(fake);
    const user = userEvent.setup();
    const item = (id: string) =>
      screen.getAllByTestId('channel-item').find((i) => i.dataset.channelId === id)!;
    await user.click(item('bob'));
    await flush();
    await user.type(screen.getByTestId('composer-input'), 'half a thought');
    await user.click(item('carol'));
    await flush();
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe('');
    await user.click(item('bob'));
    await flush();
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).value).toBe(
      'half a thought',
    );
  });
});
