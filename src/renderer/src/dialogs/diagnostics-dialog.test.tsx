import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeApi, makeSnapshot } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

function withReport(): FakeApi {
  const fake = new FakeApi();
  fake.snapshot = makeSnapshot({
    status: 'disconnected',
    reason: 'networkError',
    nextRetryAt: Date.now() + 5_000,
    attempt: 1,
  });
  fake.report = {
    snapshot: fake.snapshot,
    entries: [
      { at: 1_000, event: 'connecting', status: 'connecting', reason: 'none' },
      { at: 2_000, event: 'connected', status: 'connected', reason: 'connectSuccess' },
      { at: 3_000, event: 'linkLost', status: 'disconnected', reason: 'networkError' },
    ],
    appVersion: '0.1.0',
    platform: 'linux',
  };
  return fake;
}

async function openDiagnostics(language: 'en' | 'zh-CN' = 'en') {
  const user = userEvent.setup();
  const fake = withReport();
  fake.settings = { ...fake.settings, locale: language };
  const rendered = await renderApp(fake, language);
  await user.click(screen.getByTestId('diagnostics-open'));
  await flush();
  return { ...rendered, user };
}

describe('diagnostics dialog', () => {
  it('starts on Close, not on the side-effecting Export', async () => {
    await openDiagnostics();
    expect(document.activeElement).toBe(screen.getByTestId('diagnostics-close'));
  });

  it('shows the status in words of the UI language', async () => {
    await openDiagnostics('zh-CN');
    const status = screen.getByTestId('diag-status').textContent ?? '';
    expect(status).not.toMatch(/disconnected|networkError/);
    expect(status).toMatch(/秒后重连/);
  });

  it('lists the newest event first', async () => {
    await openDiagnostics();
    const entries = screen.getAllByTestId('diagnostics-entry');
    expect(within(entries[0]!).getByText('linkLost')).toBeTruthy();
    expect(within(entries.at(-1)!).getByText('connecting')).toBeTruthy();
  });

  it('drops a stale outcome when an export is cancelled', async () => {
    const { fake, user } = await openDiagnostics();
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await user.click(screen.getByTestId('diagnostics-copy'));
    expect(screen.getByTestId('diagnostics-outcome').textContent).toBe('Copied to the clipboard.');
    fake.api.exportDiagnostics.mockResolvedValueOnce(null);
    await user.click(screen.getByTestId('diagnostics-export'));
    await flush();
    expect(screen.queryByTestId('diagnostics-outcome')).toBeNull();
  });
});
