import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, eventContract } from '../../shared/ipc-contract';
import type { UpdateState } from '../../shared/updates';
import { fakeManagerFactory } from '../testing/fake-connection-manager';
import { tempDir } from '../testing/temp-dir';
import { createAppServices } from './app-services';
import { createIpcHandlers, forwardEvents } from './ipc-handlers';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';
import type { UpdateSource } from './update-hub';

function fakeSource(initial: UpdateState) {
  let state = initial;
  const listeners = new Set<(s: UpdateState) => void>();
  const source: UpdateSource = {
    state: () => state,
    onState: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    restartToUpdate: vi.fn(async () => 'restarting' as const),
  };
  const set = (next: UpdateState) => {
    state = next;
    listeners.forEach((l) => l(next));
  };
  return { source, set };
}

describe('update state and "Restart to update" over IPC', () => {
  it('is off until the auto-update is attached, then follows it; restart reaches it', async () => {
    const services = createAppServices({
      createManager: fakeManagerFactory().create,
      settings: createInMemorySettingsRepository(),
      secrets: createInMemorySecretStore(),
      messagesDir: tempDir(),
      appVersion: '0',
      platform: 'test',
    });
    const handlers = createIpcHandlers(services);
    const events: [string, unknown][] = [];
    forwardEvents(services, (channel, value) => events.push([channel, value]));

    expect(await handlers.invoke[INVOKE_CHANNELS.getUpdateState](undefined)).toEqual({
      kind: 'off',
    });
    expect(await handlers.invoke[INVOKE_CHANNELS.restartToUpdate](undefined)).toBe('not-ready');

    const { source, set } = fakeSource({ kind: 'checking' });
    services.attachUpdates(source);
    set({ kind: 'ready', version: '9.9.9' });
    expect(await handlers.invoke[INVOKE_CHANNELS.getUpdateState](undefined)).toEqual({
      kind: 'ready',
      version: '9.9.9',
    });
    const updates = events.filter(([c]) => c === EVENT_CHANNELS.updateState).map(([, v]) => v);
    expect(updates).toEqual([{ kind: 'checking' }, { kind: 'ready', version: '9.9.9' }]);
    for (const value of updates) eventContract[EVENT_CHANNELS.updateState].value.parse(value);
    expect(await handlers.invoke[INVOKE_CHANNELS.restartToUpdate](null)).toBe('restarting');
    expect(source.restartToUpdate).toHaveBeenCalledOnce();
  });
});
