import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../../test/fake-api';
import { renderApp } from '../../test/render-app';
import { VIRTUALIZE_FROM } from './channel-list';

// happy-dom lays nothing out: the sidebar gets a window-sized box so the list has a viewport.
const SIZES: Record<string, [string, number]> = {
  clientHeight: ['chat-sidebar', 800],
  clientWidth: ['chat-sidebar', 320],
  // Every row is as tall as in Chromium.
  offsetHeight: ['virtual-row', 64],
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

describe('a long chat list', () => {
  it('puts only the rows near the viewport in the DOM, each saying its position', async () => {
    const fake = new FakeApi();
    const count = 1_000;
    expect(count).toBeGreaterThan(VIRTUALIZE_FROM);
    for (let i = 0; i < count; i += 1) {
      fake.store(fake.makeEntry({ channelId: `user-${i}`, channelType: 1, fromUid: `user-${i}` }));
    }
    await renderApp(fake);
    const list = screen.getByTestId('channel-list');
    expect(list.dataset.virtual).toBe('true');
    const rows = screen.getAllByTestId('channel-item');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    const first = rows[0]!.closest('li')!;
    expect(first.getAttribute('aria-setsize')).toBe(String(count));
    expect(first.getAttribute('aria-posinset')).toBe('1');
    // Newest first: the last chat written is on top.
    expect(rows[0]!.dataset.channelId).toBe(`user-${count - 1}`);
  });
});
