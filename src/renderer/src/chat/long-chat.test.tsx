import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { FIRST_PAGE_SIZE } from '../../../shared/messages';
import { PAGE_SIZE } from '../store/chat-slice';

const BOB = { channelId: 'bob', channelType: 1 };
const ROW_PX = 40;
const VIEW_PX = 400;
/** The message list's height; a test of a very tall window raises it. */
let viewPx = VIEW_PX;

/**
 * happy-dom lays nothing out: give the message list a geometry (every row ROW_PX high, a
 * VIEW_PX viewport) so scroll positions mean what they mean in Chromium.
 */
const saved = new Map<string, PropertyDescriptor | undefined>();
function rowsBefore(el: Element): number {
  let n = 0;
  for (let s = el.previousElementSibling; s; s = s.previousElementSibling) n += 1;
  return n;
}
function fake(name: string, get: (el: HTMLElement) => number | undefined): void {
  saved.set(name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name));
  const original = saved.get(name);
  Object.defineProperty(HTMLElement.prototype, name, {
    configurable: true,
    get(this: HTMLElement) {
      return get(this) ?? (original?.get?.call(this) as number) ?? 0;
    },
  });
}
beforeEach(() => {
  viewPx = VIEW_PX;
  fake('scrollHeight', (el) =>
    el.dataset.testid === 'message-list'
      ? el.querySelectorAll('.messages > li').length * ROW_PX
      : undefined,
  );
  fake('clientHeight', (el) => (el.dataset.testid === 'message-list' ? viewPx : undefined));
  fake('offsetTop', (el) =>
    el.dataset.testid === 'unread-divider' ? rowsBefore(el) * ROW_PX : undefined,
  );
});
afterEach(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
  }
  saved.clear();
});

function list(): HTMLElement {
  return screen.getByTestId('message-list');
}

function scrollTo(top: number): void {
  list().scrollTop = top;
  fireEvent.scroll(list());
}

/** Where the list is, without the scroll event (as when it is already there). */
function scrollToWithoutEvent(top: number): void {
  list().scrollTop = top;
}

function atBottom(): boolean {
  return list().scrollTop >= list().scrollHeight - VIEW_PX - 1;
}

/** bob's chat with `read` old messages and `unread` new ones, opened from the list. */
async function openWith(read: number, unread: number, api = new FakeApi()) {
  for (let i = 0; i < read + unread; i += 1) {
    api.store(api.makeEntry({ ...BOB, fromUid: 'bob', text: `m${i}` }));
  }
  api.unread.set('1:bob', unread);
  const rendered = await renderApp(api);
  const user = userEvent.setup();
  const item = screen.getAllByTestId('channel-item').find((el) => el.dataset.channelId === 'bob')!;
  await user.click(item);
  await flush();
  return { ...rendered, user };
}

describe('a long chat keeps your place', () => {
  it('opens at the first unread message under an "N new messages" divider', async () => {
    const { fake: api } = await openWith(15, 30);
    const divider = screen.getByTestId('unread-divider');
    expect(divider.textContent).toBe('30 new messages');
    const next = divider.nextElementSibling as HTMLElement;
    expect(within(next).getByTestId('message-text').textContent).toBe('m15');
    expect(atBottom()).toBe(false);
    expect(list().scrollTop).toBeLessThanOrEqual(divider.offsetTop);
    expect(list().scrollTop).toBeGreaterThan(divider.offsetTop - VIEW_PX / 2);
    // Not seen yet: the badge stays until the newest message is on screen.
    expect(api.api.markRead).not.toHaveBeenCalled();
    scrollTo(list().scrollHeight - VIEW_PX);
    await flush();
    expect(api.api.markRead).toHaveBeenCalledTimes(1);
  });

  it('offers "↓ N new" for messages arriving while scrolled up, and keeps them unread', async () => {
    // All of it in the first page, so scrolling to the top loads nothing more.
    const { fake: api, user } = await openWith(FIRST_PAGE_SIZE - 2, 0);
    expect(atBottom()).toBe(true);
    scrollTo(0);
    await act(async () => {
      api.unread.set('1:bob', 2);
      api.emitMessage(api.makeEntry({ ...BOB, fromUid: 'bob', text: 'new 1' }));
      api.emitMessage(api.makeEntry({ ...BOB, fromUid: 'bob', text: 'new 2' }));
    });
    expect(list().scrollTop).toBe(0);
    const jump = screen.getByTestId('jump-to-new');
    expect(jump.textContent).toContain('2 new');
    expect(api.api.markRead).not.toHaveBeenCalled();
    await user.click(jump);
    await flush();
    expect(atBottom()).toBe(true);
    expect(screen.queryByTestId('jump-to-new')).toBeNull();
    expect(api.api.markRead).toHaveBeenCalledTimes(1);
  });

  it('keeps the message you were reading in place when older ones load', async () => {
    const { user } = await openWith(FIRST_PAGE_SIZE + 20, 0);
    scrollToWithoutEvent(0);
    const before = list().scrollHeight;
    await user.click(screen.getByTestId('load-earlier'));
    await flush();
    const added = list().scrollHeight - before;
    expect(added).toBe(20 * ROW_PX);
    expect(list().scrollTop).toBe(added);
  });

  it('asks again for older messages when the wheel or a key goes up at the very top', async () => {
    const total = FIRST_PAGE_SIZE + PAGE_SIZE + 20;
    const { fake: api } = await openWith(total, 0);
    const list = api.api.listMessages;
    list.mockRejectedValueOnce(new Error('the app is busy'));
    scrollTo(0);
    await flush();
    expect(list).toHaveBeenCalledTimes(2);
    expect(screen.getAllByTestId('message')).toHaveLength(FIRST_PAGE_SIZE);
    // Already at 0: moving up raises no scroll event, only the wheel (or key) itself.
    fireEvent.wheel(screen.getByTestId('message-list'), { deltaY: -120 });
    await flush();
    expect(list).toHaveBeenCalledTimes(3);
    expect(screen.getAllByTestId('message')).toHaveLength(FIRST_PAGE_SIZE + PAGE_SIZE);
    // Scrolling down at the top asks for nothing.
    list.mockClear();
    scrollToWithoutEvent(0);
    fireEvent.wheel(screen.getByTestId('message-list'), { deltaY: 120 });
    await flush();
    expect(list).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByTestId('message-list'), { key: 'PageUp' });
    await flush();
    expect(list).toHaveBeenCalledTimes(1);
    expect(screen.getAllByTestId('message')).toHaveLength(total);
  });

  it('fills a window taller than the first page with older messages by itself', async () => {
    viewPx = (FIRST_PAGE_SIZE + 10) * ROW_PX;
    const { fake: api } = await openWith(FIRST_PAGE_SIZE + 2 * PAGE_SIZE, 0);
    await flush();
    // The first page does not fill the window: a second page; then it does, so no third.
    expect(screen.getAllByTestId('message')).toHaveLength(FIRST_PAGE_SIZE + PAGE_SIZE);
    expect(api.api.listMessages).toHaveBeenCalledTimes(2);
  });

  it('does not ask again and again when filling the window fails', async () => {
    viewPx = (FIRST_PAGE_SIZE + 10) * ROW_PX;
    const api = new FakeApi();
    const realList = api.api.listMessages.getMockImplementation()!;
    // The first page comes; every older page fails.
    api.api.listMessages.mockImplementation(async (channel, options = {}) => {
      if (options.beforeOrder !== undefined) throw new Error('the app is busy');
      return realList(channel, options);
    });
    await openWith(FIRST_PAGE_SIZE + PAGE_SIZE, 0, api);
    for (let i = 0; i < 5; i += 1) await flush();
    // The first page and one try to fill the window; nothing more until the person asks.
    expect(api.api.listMessages).toHaveBeenCalledTimes(2);
    // Shorter than the window, the list sits at 0 (happy-dom does not clamp scrollTop).
    scrollToWithoutEvent(0);
    fireEvent.wheel(screen.getByTestId('message-list'), { deltaY: -120 });
    await flush();
    expect(api.api.listMessages).toHaveBeenCalledTimes(3);
  });
});
