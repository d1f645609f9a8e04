import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { connectionSnapshotSchema, diagnosticsReportSchema } from '../../shared/ipc-contract';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { fakeManagerFactory } from '../testing/fake-connection-manager';
import {
  createAppServices,
  NotSignedInError,
  TOKEN_KEY,
  type AppServicesDeps,
} from './app-services';
import { createBoundTokenStore } from './bound-token';
import { deriveDeviceId } from './device-id';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';
import { tempDir } from '../testing/temp-dir';

const server = { kind: 'static' as const, host: '127.0.0.1', port: 5100 };
const TOKEN = 'secret-token-123';

function setup(overrides: Partial<AppServicesDeps> = {}, stored: Record<string, unknown> = {}) {
  const factory = fakeManagerFactory();
  const settings = createInMemorySettingsRepository(stored);
  const secrets = createInMemorySecretStore();
  const deps: AppServicesDeps = {
    createManager: factory.create,
    settings,
    secrets,
    messagesDir: tempDir(),
    appVersion: '1.2.3',
    platform: 'linux x64',
    now: () => 1_000,
    ...overrides,
  };
  const services = createAppServices(deps);
  return { services, factory, settings, secrets: deps.secrets };
}

describe('createAppServices: sign-in and sign-out', () => {
  it('stores the token in the SecretStore, saves server and uid, and connects a new manager', async () => {
    const { services, factory, settings, secrets } = setup();
    await services.signIn({ server, uid: ' alice ', token: TOKEN });

    expect(createBoundTokenStore(secrets, () => null).get(server)).toBe(TOKEN);
    expect(settings.get().server).toEqual(server);
    expect(settings.get().lastUid).toBe('alice');
    expect(factory.made).toHaveLength(1);
    expect(factory.last.calls).toEqual(['connect']);
    expect(factory.last.options.address).toEqual({ host: '127.0.0.1', port: 5100 });
    expect(factory.last.options.deviceFlag).toBe(2);
    expect(factory.last.options.deviceId).toBe(deriveDeviceId(settings.installId(), 'alice'));
    await expect(factory.last.options.connectInfo()).resolves.toEqual({
      uid: 'alice',
      token: TOKEN,
    });
    expect(services.getAccount()).toEqual({
      uid: 'alice',
      server,
      hasToken: true,
      secureStorageAvailable: false,
    });
  });

  it('passes connection settings to the manager', async () => {
    const { services, factory } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    expect(factory.last.options).toMatchObject({
      connectTimeoutMs: DEFAULT_SETTINGS.connection.connectTimeoutMs,
      heartbeatIntervalMs: DEFAULT_SETTINGS.connection.heartbeatIntervalMs,
      autoReconnect: true,
      maxReconnectAttempts: null,
      reconnectIntervalMs: DEFAULT_SETTINGS.connection.reconnectIntervalMs,
    });
  });

  it('sign-out forgets the token and calls disconnect(true); connect then needs a new sign-in', async () => {
    const { services, factory, secrets } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    const manager = factory.last;
    await services.signOut();

    expect(manager.calls).toContain('disconnect(true)');
    expect(secrets.get(TOKEN_KEY)).toBeNull();
    expect(services.getAccount().hasToken).toBe(false);
    expect(services.getSnapshot().reason).toBe('logout');
    await expect(services.connect()).rejects.toThrow(NotSignedInError);
    await expect(manager.options.connectInfo()).rejects.toThrow('Sign in first');
  });

  it('a second sign-in replaces the manager and keeps snapshot seq increasing', async () => {
    const { services, factory } = setup();
    const seen: number[] = [];
    services.onSnapshot((s) => seen.push(s.seq));
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    factory.last.emitSnapshot({ status: 'connected', reason: 'connectSuccess' });
    await services.signIn({ server, uid: 'bob', token: 'other-token-456' });

    expect(factory.made).toHaveLength(2);
    expect(factory.made[0]?.calls).toContain('disconnect(true)');
    expect(factory.made[0]?.listenerCount('snapshot')).toBe(0);
    expect(factory.made[1]?.options.deviceId).not.toBe(factory.made[0]?.options.deviceId);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? 0);
    expect(services.getSnapshot().seq).toBe(seen.at(-1));
    expect(services.getSnapshot().status).toBe('connecting');
  });

  it('start() connects with a stored account and does nothing without one', async () => {
    const empty = setup();
    await empty.services.start();
    expect(empty.factory.made).toHaveLength(0);

    const secrets = createInMemorySecretStore();
    secrets.set(TOKEN_KEY, TOKEN);
    const stored = setup(
      { secrets },
      { settings: { ...DEFAULT_SETTINGS, server, lastUid: 'alice' } },
    );
    await stored.services.start();
    expect(stored.factory.last.calls).toEqual(['connect']);
  });
});

describe('createAppServices: connection verbs and OS signals', () => {
  it('connect, disconnect and retryNow reach the manager; disconnect stops for good as userDisconnect', async () => {
    const { services, factory } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    services.disconnect();
    await services.connect();
    await services.retryNow();
    expect(factory.last.calls).toEqual([
      'connect',
      'disconnect(true, userDisconnect)',
      'connect',
      'retryNow',
    ]);
  });

  it('forwards power events and de-duplicates network changes', async () => {
    const { services, factory } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    services.suspend();
    services.resume();
    services.screenUnlocked();
    services.setNetworkOnline(false);
    services.setNetworkOnline(false);
    services.setNetworkOnline(true);
    expect(factory.last.calls.slice(1)).toEqual([
      'suspend',
      'resume',
      'screenUnlocked',
      'setNetworkOnline(false)',
      'setNetworkOnline(true)',
    ]);
  });

  it('a manager created while offline starts offline', async () => {
    const { services, factory } = setup();
    services.setNetworkOnline(false);
    expect(services.getSnapshot().networkOnline).toBe(false);
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    expect(factory.last.calls).toEqual(['setNetworkOnline(false)', 'connect']);
  });

  it('appBecameActive reconnects a dropped link, but never after a kick or a user disconnect', async () => {
    const { services, factory } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    const manager = factory.last;

    manager.emitSnapshot({ status: 'disconnected', reason: 'networkError', nextRetryAt: 5_000 });
    services.appBecameActive();
    expect(manager.calls.at(-1)).toBe('retryNow');

    manager.emitSnapshot({
      status: 'disconnected',
      reason: 'maxAttemptsReached',
      nextRetryAt: null,
    });
    services.appBecameActive();
    expect(manager.calls.at(-1)).toBe('connect');

    const kicks: number[] = [];
    services.onKick((k) => kicks.push(k.reasonCode));
    manager.emitKick({ reasonCode: 12, reasonText: 'login elsewhere', at: 2 });
    const before = manager.calls.length;
    services.appBecameActive();
    expect(manager.calls.length).toBe(before);
    expect(kicks).toEqual([12]);

    services.disconnect();
    manager.emitSnapshot({ status: 'disconnected', reason: 'networkError' });
    const afterDisconnect = manager.calls.length;
    services.appBecameActive();
    expect(manager.calls.length).toBe(afterDisconnect);
  });

  it("redacts the server's kick text before anyone sees it", async () => {
    const { services, factory } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    const texts: string[] = [];
    services.onKick((k) => texts.push(k.reasonText));
    factory.last.emitKick({ reasonCode: 12, reasonText: `token ${TOKEN} reused`, at: 2 });
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toContain(TOKEN);
    expect(texts[0]).toMatch(/^token .+ reused$/);
  });

  it('shutdown closes with disconnect(true) once and blocks later sign-ins', async () => {
    const quit = vi.fn();
    const { services, factory } = setup({ quit });
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    services.quit();
    await services.shutdown();
    expect(factory.last.calls.filter((c) => c.startsWith('disconnect'))).toEqual([
      'disconnect(true)',
    ]);
    expect(quit).toHaveBeenCalledOnce();
    await expect(services.signIn({ server, uid: 'alice', token: TOKEN })).rejects.toThrow(
      'shutting down',
    );
  });

  it('a throwing listener does not stop the others', async () => {
    const { services } = setup();
    const good = vi.fn();
    services.onSnapshot(() => {
      throw new Error('boom');
    });
    services.onSnapshot(good);
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    expect(good).toHaveBeenCalled();
  });
});

describe('createAppServices: settings', () => {
  it('updateSettings saves, merges connection fields and applies them via updateOptions', async () => {
    const { services, factory, settings } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    const next = services.updateSettings({
      connection: { heartbeatIntervalMs: 30_000 },
      theme: 'dark',
      server: { ...server },
    });

    expect(next.connection.heartbeatIntervalMs).toBe(30_000);
    expect(next.connection.connectTimeoutMs).toBe(DEFAULT_SETTINGS.connection.connectTimeoutMs);
    expect(next.theme).toBe('dark');
    expect(settings.get()).toEqual(next);
    expect(factory.last.updates.at(-1)).toMatchObject({ heartbeatIntervalMs: 30_000 });
    expect(services.getAccount().hasToken).toBe(true);
  });

  it('a changed server drops the token and the connection: sign in again there', async () => {
    const { services, factory, settings } = setup();
    await services.signIn({ server, uid: 'alice', token: TOKEN });
    const first = factory.last;
    const other = { kind: 'static' as const, host: 'im.example.com', port: 5200 };
    services.updateSettings({ server: other });

    expect(settings.get().server).toEqual(other);
    expect(first.calls.at(-1)).toBe('disconnect(true)');
    expect(first.updates).toEqual([]);
    await expect(first.options.connectInfo()).rejects.toBeInstanceOf(NotSignedInError);
    expect(services.getAccount()).toMatchObject({ server: other, hasToken: false });
    await expect(services.connect()).rejects.toBeInstanceOf(NotSignedInError);
    expect(factory.made).toHaveLength(1);
  });

  it('refuses invalid merged settings and keeps the stored ones', () => {
    const { services, settings } = setup();
    const before: Settings = settings.get();
    expect(() => services.updateSettings({ connection: { reconnectIntervalMs: 1 } })).toThrow(
      /reconnectIntervalMs|0.1 s/,
    );
    expect(settings.get()).toEqual(before);
  });
});

describe('createAppServices: defaults and diagnostics', () => {
  it('sign-in defaults: demo values, unless the user configured another server', () => {
    const demo = { server, uid: 'demo', token: 'demo-token' };
    expect(setup({ signInDefaults: demo }).services.getSignInDefaults()).toEqual(demo);

    const other = { kind: 'static' as const, host: 'im.example.com', port: 5100 };
    const configured = setup(
      { signInDefaults: demo },
      { settings: { ...DEFAULT_SETTINGS, server: other, lastUid: 'carol' } },
    );
    expect(configured.services.getSignInDefaults()).toEqual({
      server: other,
      uid: 'carol',
      token: null,
    });
    expect(setup().services.getSignInDefaults()).toEqual({ server: null, uid: null, token: null });
  });

  it('diagnostics match the contract and never contain the token', async () => {
    const dir = tempDir('wukong-diag-');
    const saveDiagnostics = vi.fn(async (json: string, name: string) => {
      const path = join(dir, name);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, json);
      return path;
    });
    const { services } = setup({ saveDiagnostics });
    await services.signIn({ server, uid: 'alice', token: TOKEN });

    const report = services.getDiagnostics();
    expect(diagnosticsReportSchema.safeParse(report).success).toBe(true);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(report.appVersion).toBe('1.2.3');

    const path = await services.exportDiagnostics();
    expect(path).toMatch(/wukong-diagnostics-.*\.json$/);
    const written = readFileSync(path ?? '', 'utf8');
    expect(written).not.toContain(TOKEN);
    expect(connectionSnapshotSchema.safeParse(JSON.parse(written).snapshot).success).toBe(true);
  });
});
