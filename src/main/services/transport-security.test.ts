/**
 * The app services open the connection with the TLS mode of the configured server, and report the
 * lock state in Diagnostics. Real ConnectionManager, real TLS listener of the test server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../e2e/test-server/index';
import { TEST_TLS } from '../../../e2e/test-server/tls-fixtures';
import { initialSnapshot } from '../../shared/connection';
import { diagnosticsReportSchema } from '../../shared/ipc-contract';
import { ConnectionManager } from '../im';
import { tempDir } from '../testing/temp-dir';
import { createAppServices, type AppServices } from './app-services';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';
import { securityState, transportSecurityOf } from './transport-security';

const pinned = { mode: 'pinned' as const, certificate: TEST_TLS.selfSigned.cert };

describe('transport security of a server', () => {
  it('maps the setting to the connection layer (absent = off)', () => {
    const base = { kind: 'static' as const, host: 'h', port: 1 };
    expect(transportSecurityOf(base)).toEqual({ mode: 'off' });
    expect(transportSecurityOf({ ...base, tls: { mode: 'off' } })).toEqual({ mode: 'off' });
    expect(transportSecurityOf({ ...base, tls: { mode: 'system' } })).toEqual({ mode: 'system' });
    expect(transportSecurityOf({ ...base, tls: pinned })).toEqual(pinned);
  });

  it('is encrypted only while connected over TLS', () => {
    const server = {
      kind: 'static' as const,
      host: 'h',
      port: 1,
      tls: { mode: 'system' as const },
    };
    const up = { ...initialSnapshot(0), status: 'connected' as const };
    expect(securityState(server, up, true)).toEqual({
      tls: 'system',
      encrypted: true,
      sandboxed: true,
    });
    expect(securityState(server, initialSnapshot(0), false).encrypted).toBe(false);
    expect(securityState({ ...server, tls: { mode: 'off' } }, up, null).encrypted).toBe(false);
    expect(securityState(null, up, null)).toEqual({
      tls: 'off',
      encrypted: false,
      sandboxed: null,
    });
  });
});

describe('app services over TLS', () => {
  let server: TestServer | null = null;
  let services: AppServices | null = null;
  afterEach(async () => {
    await services?.shutdown();
    await server?.stop();
    services = null;
    server = null;
  });

  it('signs in over TLS with a pinned certificate and shows the lock in diagnostics', async () => {
    server = await startTestServer({
      wsPort: null,
      users: [{ uid: 'alice', token: 'alice-token' }],
      tls: TEST_TLS.selfSigned,
    });
    services = createAppServices({
      createManager: (options) => new ConnectionManager(options),
      settings: createInMemorySettingsRepository(),
      secrets: createInMemorySecretStore(),
      messagesDir: tempDir('wukong-tls-'),
      appVersion: '0',
      platform: 'test',
      sandboxed: true,
      managerOverrides: { connectTimeoutMs: 1_000, reconnectIntervalMs: 50 },
    });
    const address = {
      kind: 'static' as const,
      host: '127.0.0.1',
      port: server.tlsPort!,
      tls: pinned,
    };
    await services.signIn({ server: address, uid: 'alice', token: 'alice-token' });
    await vi.waitFor(() => expect(services!.getSnapshot().status).toBe('connected'), {
      timeout: 10_000,
      interval: 10,
    });
    const report = diagnosticsReportSchema.parse(services.getDiagnostics());
    expect(report.security).toEqual({ tls: 'pinned', encrypted: true, sandboxed: true });
    expect(server.online('alice')).toHaveLength(1);
  }, 30_000);
});
