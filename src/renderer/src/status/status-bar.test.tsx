import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { FakeApi, makeSnapshot } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

const T0 = 1_700_000_000_000;

function indicator(): HTMLElement {
  return screen.getByTestId('status-indicator');
}

function text(): string {
  return screen.getByTestId('status-text').textContent ?? '';
}

async function advance(ms: number): Promise<void> {
  await act(async () => {
    vi.advanceTimersByTime(ms);
  });
}

async function startWith(fields: Partial<ConnectionSnapshot>, fake = new FakeApi()) {
  fake.snapshot = makeSnapshot(fields);
  return renderApp(fake);
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('status bar: every state has words and an icon shape', () => {
  it.each([
    [{ status: 'connected', reason: 'connectSuccess' }, 'connected', 'Connected'],
    [
      { status: 'disconnected', reason: 'heartbeatTimeout', attempt: 1, nextRetryAt: T0 + 8000 },
      'reconnecting',
      'Reconnecting in 8 s',
    ],
    [
      { status: 'disconnected', reason: 'networkError', attempt: 4, nextRetryAt: T0 + 3000 },
      'unreachable',
      "Can't reach the server. Retrying in 3 s",
    ],
    [
      { status: 'disconnected', reason: 'noNetwork', networkOnline: false },
      'offline',
      'Waiting for network…',
    ],
    [{ status: 'disconnected', reason: 'userDisconnect' }, 'disconnected', 'Disconnected'],
    [
      { status: 'connectFail', reason: 'maxAttemptsReached', attempt: 5, maxAttempts: 5 },
      'failed',
      'Connection failed',
    ],
  ] as const)('%o shows %s', async (fields, kind, words) => {
    await startWith(fields);
    expect(indicator().dataset.status).toBe(fields.status);
    expect(indicator().dataset.reason).toBe(fields.reason);
    expect(indicator().dataset.view).toBe(kind);
    expect(text()).toBe(words);
    expect(indicator().querySelector('svg')?.dataset.icon).toBe(kind);
  });

  it('says which attempt it is, and of how many when limited', async () => {
    await startWith({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 2,
      maxAttempts: 5,
      nextRetryAt: T0 + 4000,
    });
    expect(screen.getByTestId('status-attempt').textContent).toBe('Attempt 2 of 5');
  });

  it('labels the first retry "Attempt 1" (unlimited attempts)', async () => {
    await startWith({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 1,
      maxAttempts: null,
      nextRetryAt: T0 + 1000,
    });
    expect(screen.getByTestId('status-attempt').textContent).toBe('Attempt 1');
  });

  it('offers Connect when disconnected by the user and Try again when it gave up', async () => {
    const { fake } = await startWith({ status: 'disconnected', reason: 'userDisconnect' });
    expect(screen.queryByTestId('retry-now')).toBeNull();
    fireEvent.click(screen.getByTestId('status-connect'));
    expect(fake.api.connect).toHaveBeenCalledTimes(1);
    await act(async () => {
      fake.emitSnapshot({ status: 'connectFail', reason: 'maxAttemptsReached', attempt: 5 });
    });
    expect(screen.getByTestId('status-connect').textContent).toBe('Try again');
  });
});

describe('offline vs server down', () => {
  it('shows no network differently from an unreachable server', async () => {
    const { fake } = await startWith({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 3,
      nextRetryAt: T0 + 5000,
    });
    expect(indicator().dataset.view).toBe('unreachable');
    expect(screen.getByTestId('retry-now')).toBeTruthy();
    const unreachableIcon = indicator().querySelector('svg')?.innerHTML;

    await act(async () => {
      fake.emitSnapshot({
        status: 'disconnected',
        reason: 'noNetwork',
        networkOnline: false,
        attempt: 0,
      });
    });
    expect(indicator().dataset.view).toBe('offline');
    expect(text()).toBe('Waiting for network…');
    expect(indicator().querySelector('svg')?.innerHTML).not.toBe(unreachableIcon);
    // No attempts happen while offline, so there is nothing to retry.
    expect(screen.queryByTestId('retry-now')).toBeNull();
  });

  it('reports the browser online/offline events to the main process', async () => {
    const { fake } = await startWith({ status: 'connected' });
    expect(fake.api.reportNetwork).toHaveBeenCalledWith(true);
    window.dispatchEvent(new Event('offline'));
    expect(fake.api.reportNetwork).toHaveBeenCalledTimes(2);
  });
});

describe('countdown', () => {
  it('counts down in whole seconds from nextRetryAt, every second', async () => {
    await startWith({
      status: 'disconnected',
      reason: 'heartbeatTimeout',
      attempt: 1,
      nextRetryAt: T0 + 3500,
    });
    expect(text()).toBe('Reconnecting in 4 s');
    await advance(499);
    expect(text()).toBe('Reconnecting in 4 s');
    await advance(1);
    expect(text()).toBe('Reconnecting in 3 s');
    await advance(1000);
    expect(text()).toBe('Reconnecting in 2 s');
    await advance(1000);
    expect(text()).toBe('Reconnecting in 1 s');
    await advance(1000);
    expect(text()).toBe('Reconnecting in 0 s');
    await advance(5000);
    expect(text()).toBe('Reconnecting in 0 s');
  });

  it('follows a new schedule from the next snapshot', async () => {
    const { fake } = await startWith({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 1,
      nextRetryAt: T0 + 2000,
    });
    await advance(2000);
    await act(async () => {
      fake.emitSnapshot({
        status: 'disconnected',
        reason: 'networkError',
        attempt: 2,
        nextRetryAt: Date.now() + 6000,
      });
    });
    expect(text()).toBe('Reconnecting in 6 s');
    await advance(1000);
    expect(text()).toBe('Reconnecting in 5 s');
  });
});

describe('flicker delay', () => {
  it('keeps the previous words for 500 ms before showing Connecting…', async () => {
    const { fake } = await startWith({ status: 'connected', reason: 'connectSuccess' });
    await act(async () => {
      fake.emitSnapshot({ status: 'connecting', reason: 'heartbeatTimeout' });
    });
    expect(indicator().dataset.status).toBe('connecting');
    expect(text()).toBe('Connected');
    await advance(499);
    expect(text()).toBe('Connected');
    await advance(1);
    expect(text()).toBe('Connecting…');
    expect(indicator().dataset.view).toBe('connecting');
  });

  it('never shows Connecting… for a quick reconnect', async () => {
    const { fake } = await startWith({ status: 'connected', reason: 'connectSuccess' });
    const seen: string[] = [];
    await act(async () => {
      fake.emitSnapshot({ status: 'connecting', reason: 'heartbeatTimeout' });
    });
    seen.push(text());
    await advance(300);
    seen.push(text());
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    seen.push(text());
    await advance(2000);
    seen.push(text());
    expect(seen).toEqual(['Connected', 'Connected', 'Connected', 'Connected']);
  });

  it('shows nothing, then Connecting…, when the app starts while connecting', async () => {
    await startWith({ status: 'connecting', reason: 'none' });
    expect(indicator().dataset.view).toBe('pending');
    expect(text()).toBe('');
    await advance(500);
    expect(text()).toBe('Connecting…');
  });
});

describe('retry now', () => {
  it('disables itself until the attempt has started', async () => {
    const { fake } = await startWith({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 1,
      nextRetryAt: T0 + 8000,
    });
    const button = screen.getByTestId('retry-now') as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await flush();
    expect(fake.api.retryNow).toHaveBeenCalledTimes(1);
    expect((screen.getByTestId('retry-now') as HTMLButtonElement).disabled).toBe(true);
    // The attempt starts (connecting) and fails again quickly, with a new schedule.
    await act(async () => {
      fake.emitSnapshot({ status: 'connecting', reason: 'networkError', attempt: 1 });
    });
    await act(async () => {
      fake.emitSnapshot({
        status: 'disconnected',
        reason: 'networkError',
        attempt: 2,
        nextRetryAt: Date.now() + 2000,
      });
    });
    expect((screen.getByTestId('retry-now') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('announcements', () => {
  it('announces a change of state once, not every tick', async () => {
    const { fake } = await startWith({ status: 'connected', reason: 'connectSuccess' });
    const live = screen.getByTestId('live-region');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('Connected');
    await act(async () => {
      fake.emitSnapshot({
        status: 'disconnected',
        reason: 'heartbeatTimeout',
        attempt: 1,
        nextRetryAt: Date.now() + 5000,
      });
    });
    expect(live.textContent).toBe('Reconnecting in 5 s');
    await advance(2000);
    expect(text()).toBe('Reconnecting in 3 s');
    expect(live.textContent).toBe('Reconnecting in 5 s');
    expect(screen.getAllByRole('status')).toHaveLength(1);
  });
});

describe('Chinese', () => {
  it('uses the zh-CN words', async () => {
    const fake = new FakeApi();
    fake.settings = { ...fake.settings, locale: 'zh-CN' };
    await startWith(
      { status: 'disconnected', reason: 'networkError', attempt: 1, nextRetryAt: T0 + 8000 },
      fake,
    );
    expect(text()).toBe('8 秒后重连');
    expect(screen.getByTestId('retry-now').textContent).toBe('立即重试');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
