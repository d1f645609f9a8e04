import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { avatarColour, initialsOf } from './avatar';
import { formatListTime } from './format-time';

function items(): HTMLElement[] {
  return screen.queryAllByTestId('channel-item');
}

async function withChats(ids: string[]) {
  const fake = new FakeApi();
  for (const id of ids) {
    fake.store(
      fake.makeEntry({ channelId: id, channelType: 1, fromUid: id, text: `hi from ${id}` }),
    );
  }
  const rendered = await renderApp(fake);
  return { ...rendered, user: userEvent.setup() };
}

describe('chat list', () => {
  it('shows an avatar with initials on a colour that stays the same for an id', async () => {
    await withChats(['bob', 'carol-smith']);
    const avatar = within(items().find((i) => i.dataset.channelId === 'carol-smith')!).getByTestId(
      'avatar',
    );
    expect(avatar.textContent).toBe('CS');
    expect(avatar.getAttribute('aria-hidden')).toBe('true');
    expect(initialsOf('bob')).toBe('B');
    expect(initialsOf('张三')).toBe('张');
    expect(avatarColour('bob')).toBe(avatarColour('bob'));
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f'].map(avatarColour)).size).toBeGreaterThan(1);
  });

  it('shows the last message time: today a time, this week a weekday, older a date', () => {
    const now = new Date(2026, 10, 30, 15, 0).getTime(); // a Monday
    const norm = (s: string): string => s.replace(/\s/g, ' ');
    expect(norm(formatListTime(new Date(2026, 10, 30, 9, 5).getTime(), 'en', now))).toBe('9:05 AM');
    expect(formatListTime(new Date(2026, 10, 27, 9, 5).getTime(), 'en', now)).toBe('Fri');
    expect(formatListTime(new Date(2026, 10, 27, 9, 5).getTime(), 'zh-CN', now)).toBe('周五');
    expect(formatListTime(new Date(2026, 9, 3, 9, 5).getTime(), 'en', now)).toBe('10/3/26');
  });

  it('filters by name as you type', async () => {
    const { user } = await withChats(['bob', 'carol', 'bobby']);
    await user.type(screen.getByTestId('channel-filter'), 'BOB');
    expect(
      items()
        .map((i) => i.dataset.channelId)
        .sort(),
    ).toEqual(['bob', 'bobby']);
    await user.clear(screen.getByTestId('channel-filter'));
    await user.type(screen.getByTestId('channel-filter'), 'zzz');
    expect(items()).toHaveLength(0);
    expect(screen.getByTestId('channels-no-match')).toBeTruthy();
  });

  it('keeps "New chat" behind a + button', async () => {
    const { user } = await withChats(['bob']);
    expect(screen.queryByTestId('new-chat-input')).toBeNull();
    const toggle = screen.getByTestId('new-chat-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('new-chat-input'));
    await user.type(screen.getByTestId('new-chat-input'), 'dave{Enter}');
    await flush();
    expect(screen.getByTestId('conversation').dataset.channelId).toBe('dave');
    expect(screen.queryByTestId('new-chat-input')).toBeNull();
  });

  it('opens a chat from the Ctrl+K quick switcher', async () => {
    const { user } = await withChats(['bob', 'carol']);
    await user.keyboard('{Control>}k{/Control}');
    const switcher = screen.getByTestId('quick-switcher');
    expect(switcher.getAttribute('role')).toBe('dialog');
    expect(document.activeElement).toBe(screen.getByTestId('quick-switcher-input'));
    await user.keyboard('car');
    const options = within(switcher).getAllByRole('option');
    expect(options.map((o) => o.dataset.channelId)).toEqual(['carol']);
    await user.keyboard('{Enter}');
    await flush();
    expect(screen.queryByTestId('quick-switcher')).toBeNull();
    expect(screen.getByTestId('conversation').dataset.channelId).toBe('carol');
    await act(async () => {});
  });
});
