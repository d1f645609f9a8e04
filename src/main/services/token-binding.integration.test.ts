/**
 * The token belongs to the server it was issued for. Over real TCP on 127.0.0.1: alice signs in on
 * a real test server, then the configured server is changed to another address (a raw listener
 * that records every byte it receives). Whatever the renderer then asks for, alice's token never
 * reaches the new address; only a fresh sign-in there sends a token, the new one.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../e2e/test-server/index';
import { ConnectionManager } from '../im';
import { tempDir } from '../testing/temp-dir';
import { createAppServices, NotSignedInError, type AppServices } from './app-services';
import { createInMemorySecretStore } from './secret-store';
import { createInMemorySettingsRepository } from './settings-repository';

const OLD_TOKEN = 'alice-token-for-server-a';
const NEW_TOKEN = 'alice-token-for-server-b';

/** A TCP listener that never answers and keeps every byte sent to it. */
interface Recorder {
  port: number;
  bytes(): string;
  stop(): Promise<void>;
}

async function recordingListener(): Promise<Recorder> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bytes: () => Buffer.concat(chunks).toString('latin1'),
    async stop() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((s) => s.destroy());
      await closing;
    },
  };
}

let a: TestServer | null = null;
let b: Recorder | null = null;
let services: AppServices | null = null;
afterEach(async () => {
  await services?.shutdown();
  await a?.stop();
  await b?.stop();
  a = null;
  b = null;
  services = null;
});

const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe('a token bound to its server', () => {
  it('changing the server drops the token: no CONNECT carrying it reaches the new address', async () => {
    a = await startTestServer({ wsPort: null, users: [{ uid: 'alice', token: OLD_TOKEN }] });
    const recorder = await recordingListener();
    b = recorder;
    services = createAppServices({
      createManager: (options) => new ConnectionManager(options),
      settings: createInMemorySettingsRepository(),
      secrets: createInMemorySecretStore(),
      messagesDir: tempDir('wukong-bound-token-'),
      appVersion: '0',
      platform: 'test',
      managerOverrides: { connectTimeoutMs: 1_000, reconnectIntervalMs: 50, backoffCapMs: 200 },
    });
    const serverA = { kind: 'static' as const, host: '127.0.0.1', port: a.tcpPort };
    const serverB = { kind: 'static' as const, host: '127.0.0.1', port: recorder.port };

    await services.signIn({ server: serverA, uid: 'alice', token: OLD_TOKEN });
    await until(() => expect(services!.getSnapshot().status).toBe('connected'));
    services.disconnect();
    services.updateSettings({ server: serverB });

    // Everything a renderer could try next to get the stored token sent somewhere.
    const connect = await services.connect().then(
      () => 'connected',
      (error: unknown) => error,
    );
    const retry = await services.retryNow().then(
      () => 'retried',
      (error: unknown) => error,
    );
    services.setNetworkOnline(false);
    services.setNetworkOnline(true);
    services.appBecameActive();

    // Settled: either nothing is connecting, or an attempt reached B (its CONNECT is one write).
    await until(() => {
      const settled = services!.getSnapshot().status !== 'connecting';
      expect(settled || recorder.bytes().length > 0).toBe(true);
    });
    expect(recorder.bytes()).not.toContain(OLD_TOKEN);
    expect(connect).toBeInstanceOf(NotSignedInError);
    expect(retry).toBeInstanceOf(NotSignedInError);
    expect(services.getAccount().hasToken).toBe(false);

    // Signing in again at B is the one way to connect there, with the token issued by B.
    await services.signIn({ server: serverB, uid: 'alice', token: NEW_TOKEN });
    await until(() => expect(recorder.bytes()).toContain(NEW_TOKEN));
    expect(recorder.bytes()).not.toContain(OLD_TOKEN);
  }, 30_000);
});
