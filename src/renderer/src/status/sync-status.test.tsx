import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../shared/i18n/zh-cn';
import { FakeApi } from '../../test/fake-api';
import { renderApp } from '../../test/render-app';

describe('offline sync in the status bar', () => {
  it('says "Updating…" while the sync after a reconnect runs, and the connected state after it', async () => {
    const fake = new FakeApi();
    await renderApp(fake);
    expect(screen.queryByTestId('status-updating')).toBeNull();
    act(() => fake.emitSyncStatus('syncing'));
    expect(screen.getByTestId('status-updating').textContent).toBe('Updating…');
    act(() => fake.emitSyncStatus('idle'));
    expect(screen.queryByTestId('status-updating')).toBeNull();
    expect(screen.getByTestId('status-text').textContent).toBe('Connected');
  });

  it('is "更新中…" in Chinese', () => {
    expect(zhCN.sync.updating).toBe('更新中…');
  });
});
