import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelSummary } from '../../../shared/messages';
import { deferred, FakeApi, makeSnapshot } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

describe('connection banner', () => {
  it('is not there while all is well', async () => {
    await renderApp();
    expect(screen.queryByTestId('connection-banner')).toBeNull();
    expect(screen.getByTestId('status-text').textContent).toBe('Connected');
  });

  it('shows the state, countdown and Retry now below the header when not connected', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({
      status: 'disconnected',
      reason: 'networkError',
      attempt: 1,
      nextRetryAt: Date.now() + 8_000,
    });
    await renderApp(fake);
    const banner = screen.getByTestId('connection-banner');
    expect(banner.closest('header')).toBeNull();
    expect(banner.dataset.kind).toBe('reconnecting');
    expect(within(banner).getByTestId('status-text').textContent).toMatch(/^Reconnecting in \d s$/);
    expect(within(banner).getByTestId('retry-now')).toBeTruthy();
    expect(screen.getAllByTestId('retry-now')).toHaveLength(1);
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    expect(screen.queryByTestId('connection-banner')).toBeNull();
  });

  it('says "Updating…" while the conversations are fetched again after a reconnect', async () => {
    const fake = new FakeApi();
    fake.snapshot = makeSnapshot({ status: 'disconnected', reason: 'networkError', attempt: 1 });
    await renderApp(fake);
    const fetch = deferred<ChannelSummary[]>();
    fake.api.listChannels.mockReturnValueOnce(fetch.promise);
    await act(async () => {
      fake.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    });
    expect(screen.getByTestId('status-updating').textContent).toBe('Updating…');
    await act(async () => fetch.resolve([]));
    await flush();
    expect(screen.queryByTestId('status-updating')).toBeNull();
  });
});
