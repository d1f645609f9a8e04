import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  TEST_HOOKS_GLOBAL,
  TEST_READY_LINE,
  installTestHooks,
  readTestModeConfig,
  type TestHooks,
} from './test-mode';
import { signedInServices } from './testing/signed-in-services';

describe('test mode', () => {
  it('reads user data, server, account and export folder from the environment', () => {
    expect(
      readTestModeConfig({
        WUKONG_USER_DATA: '/tmp/u1',
        WUKONG_TEST_SERVER: '127.0.0.1:40123',
        WUKONG_TEST_UID: 'qa',
        WUKONG_TEST_TOKEN: 'qa-token',
        WUKONG_TEST_EXPORT_DIR: '/tmp/exports',
        WUKONG_TEST_PONG_TIMEOUT_MS: '1500',
      }),
    ).toEqual({
      userDataDir: '/tmp/u1',
      signInDefaults: {
        server: { kind: 'static', host: '127.0.0.1', port: 40123 },
        uid: 'qa',
        token: 'qa-token',
      },
      exportDir: '/tmp/exports',
      managerOverrides: { pongTimeoutMs: 1500 },
    });
    expect(readTestModeConfig({}).userDataDir).toBeNull();
    expect(readTestModeConfig({ WUKONG_TEST_PONG_TIMEOUT_MS: 'soon' }).managerOverrides).toEqual(
      {},
    );
  });

  it('hooks raise power events through powerMonitor, set the network, and signal ready once', async () => {
    const { services, manager } = await signedInServices('tok-test', 'u');
    const powerMonitor = new EventEmitter();
    const suspended = vi.fn();
    powerMonitor.on('suspend', suspended);
    const lines: string[] = [];
    const { signalReady } = installTestHooks({
      services,
      powerMonitor,
      write: (l) => lines.push(l),
    });

    const hooks = (globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL] as TestHooks;
    expect(hooks.ready).toBe(false);
    hooks.emitPower('suspend');
    expect(suspended).toHaveBeenCalledOnce();
    hooks.setNetworkOnline(false);
    expect(manager.calls).toContain('setNetworkOnline(false)');
    expect(hooks.snapshot().seq).toBe(services.getSnapshot().seq);

    signalReady();
    signalReady();
    expect(lines).toEqual([TEST_READY_LINE]);
    expect(hooks.ready).toBe(true);
    delete (globalThis as Record<string, unknown>)[TEST_HOOKS_GLOBAL];
  });
});
