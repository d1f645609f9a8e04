import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings';
import { deferred, FakeApi } from '../../test/fake-api';
import { flush, renderApp } from '../../test/render-app';

function input(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

const withHeartbeat = (seconds: number, fields: Partial<Settings> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  ...fields,
  connection: { ...DEFAULT_SETTINGS.connection, heartbeatIntervalMs: seconds * 1000 },
});

describe('settings changed elsewhere', () => {
  it('reach the store and the app (language, theme) without a fetch', async () => {
    const { fake, store } = await renderApp();
    const next = withHeartbeat(40, { locale: 'zh-CN', theme: 'dark' });
    act(() => fake.emitSettings(next));
    await flush();
    expect(store.getState().settings).toEqual(next);
    expect(screen.getByTestId('settings-open').textContent).toBe('设置');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(fake.api.getSettings).toHaveBeenCalledTimes(1);
  });

  it('update the open settings form, keeping what the person is editing', async () => {
    const user = userEvent.setup();
    const { fake } = await renderApp();
    await user.click(screen.getByTestId('settings-open'));
    expect(input('settings-heartbeat').value).toBe('25');
    await user.clear(input('settings-connect-timeout'));
    await user.type(input('settings-connect-timeout'), '12');

    act(() => fake.emitSettings({ ...withHeartbeat(40), theme: 'light' }));
    expect(input('settings-heartbeat').value).toBe('40');
    expect((screen.getByTestId('settings-theme') as HTMLSelectElement).value).toBe('light');
    expect(input('settings-connect-timeout').value).toBe('12');
  });

  it('an event during start-up wins over the (older) fetched settings', async () => {
    const fake = new FakeApi();
    const pending = deferred<Settings>();
    fake.api.getSettings.mockReturnValueOnce(pending.promise);
    const rendered = renderApp(fake);
    await flush();
    const changed = withHeartbeat(50);
    act(() => fake.emitSettings(changed));
    pending.resolve(DEFAULT_SETTINGS);
    const { store } = await rendered;
    await flush();
    expect(store.getState().settings).toEqual(changed);
  });
});
