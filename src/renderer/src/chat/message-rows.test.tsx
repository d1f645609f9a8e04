import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';
import { VIRTUAL_MESSAGES_FROM } from './message-rows';

const BOB = { channelId: 'bob', channelType: 1 };
const DAY = 24 * 60 * 60 * 1000;

// happy-dom lays nothing out: the message list gets a window-sized viewport and every virtual
// row a Chromium-like height, so the virtualizer has something to work with.
const SIZES: Record<string, [string, number]> = {
  clientHeight: ['message-scroll', 600],
  clientWidth: ['message-scroll', 600],
  offsetHeight: ['message-virtual-row', 56],
};
const saved = new Map<string, PropertyDescriptor | undefined>();
beforeEach(() => {
  for (const [name, [className, value]] of Object.entries(SIZES)) {
    const descriptor = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
    saved.set(name, descriptor);
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        if (this.classList.contains(className)) return value;
        return (descriptor?.get?.call(this) as number | undefined) ?? 0;
      },
    });
  }
});
afterEach(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
  }
  saved.clear();
});

async function openBobWith(count: number) {
  const fake = new FakeApi();
  fake.store(fake.makeEntry({ ...BOB, fromUid: 'bob', text: 'hello' }));
  await renderApp(fake);
  const user = userEvent.setup();
  const item = screen.getAllByTestId('channel-item').find((i) => i.dataset.channelId === 'bob')!;
  await user.click(item);
  await flush();
  const start = Date.now() - count * 60_000;
  await act(async () => {
    for (let i = 0; i < count; i += 1) {
      fake.emitMessage(
        fake.makeEntry({
          ...BOB,
          fromUid: 'bob',
          text: `m${i}`,
          // three days of messages, a new group every 10 (a long pause)
          timestamp: start - 3 * DAY + Math.floor(i / 10) * 10 * 60_000 + (i % 10) * 1000,
        }),
      );
    }
  });
  await flush();
  return fake;
}

describe('a long conversation', () => {
  it('stays one plain list below the threshold', async () => {
    await openBobWith(VIRTUAL_MESSAGES_FROM - 10);
    expect(screen.queryByTestId('messages-virtual')).toBeNull();
    expect(screen.getAllByTestId('message')).toHaveLength(VIRTUAL_MESSAGES_FROM - 9);
  });

  it('keeps only the rows near the viewport in the DOM, with grouping and dates intact', async () => {
    const count = VIRTUAL_MESSAGES_FROM + 100;
    await openBobWith(count);
    expect(screen.getByTestId('messages-virtual')).toBeTruthy();
    const shown = screen.getAllByTestId('message');
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length).toBeLessThan(80);
    // A group shows its sender once: of the rows shown, only group starts have a header.
    const withHeader = shown.filter((m) => m.querySelector('[data-testid="message-sender"]'));
    expect(withHeader.length).toBeGreaterThan(0);
    expect(withHeader.length).toBeLessThan(shown.length);
    // The date separator of the first day is rendered with the first row.
    expect(screen.getAllByTestId('date-separator').length).toBeGreaterThan(0);
  });
});
