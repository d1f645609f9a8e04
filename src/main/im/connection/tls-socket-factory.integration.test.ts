/**
 * TLS between the real ConnectionManager and the test server's TLS listener on 127.0.0.1, with
 * the committed test certificates (e2e/test-server/tls). The test CA stands in for the OS trust
 * store. A refused certificate must fail the attempt with a clear reason before any CONNECT (and
 * so the token) leaves, and must never be retried as plain TCP.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../../e2e/test-server/index';
import { TEST_TLS } from '../../../../e2e/test-server/tls-fixtures';
import type { TlsListenerOptions } from '../../../../e2e/test-server/tls-listener';
import { connected, realManager, type RealHarness } from '../manager/testing/real-harness';
import {
  createTlsSocketFactory,
  TlsConfigError,
  type TransportSecurity,
} from './tls-socket-factory';

const ALICE = { uid: 'alice', token: 'alice-token' };
const SYSTEM_WITH_TEST_CA = { systemCa: [TEST_TLS.ca] };

let server: TestServer | null = null;
let h: RealHarness | null = null;
afterEach(async () => {
  h?.dispose();
  h = null;
  await server?.stop();
  server = null;
});

async function serve(tls: TlsListenerOptions): Promise<TestServer> {
  server = await startTestServer({ wsPort: null, users: [ALICE], tls });
  return server;
}

function connectOverTls(
  security: TransportSecurity,
  port = server!.tlsPort!,
  host = '127.0.0.1',
): RealHarness {
  h = realManager({
    address: { host, port },
    socketFactory: createTlsSocketFactory(security, SYSTEM_WITH_TEST_CA),
  });
  h.manager.connect();
  return h;
}

/** Waits for the first failed attempt and returns its diagnostics detail. */
async function firstFailure(harness: RealHarness): Promise<string> {
  let detail = '';
  await vi.waitFor(
    () => {
      const failed = harness.manager.diagnostics().find((e) => e.detail?.startsWith('TLS'));
      expect(failed).toBeDefined();
      detail = failed!.detail!;
    },
    { timeout: 5_000, interval: 10 },
  );
  return detail;
}

describe('TLS to the server', () => {
  it('connects with the system trust store to a server whose certificate matches its address', async () => {
    await serve(TEST_TLS.server);
    const s = await connectOverTls({ mode: 'system' }).waitFor(connected);
    expect(s.address).toBe(`127.0.0.1:${server!.tlsPort}`);
    expect(server!.online('alice')).toHaveLength(1);
  });

  it('refuses a certificate for another host name, before any CONNECT', async () => {
    await serve(TEST_TLS.wrongHost);
    const detail = await firstFailure(connectOverTls({ mode: 'system' }));
    expect(detail).toMatch(/certificate is for another host name/);
    expect(h!.manager.snapshot().status).not.toBe('connected');
    expect(server!.stats.connectPackets).toBe(0);
  });

  it('refuses an expired certificate', async () => {
    await serve(TEST_TLS.expired);
    expect(await firstFailure(connectOverTls({ mode: 'system' }))).toMatch(/has expired/);
    expect(server!.stats.connectPackets).toBe(0);
  });

  it('refuses a self-signed certificate that is not pinned', async () => {
    await serve(TEST_TLS.selfSigned);
    expect(await firstFailure(connectOverTls({ mode: 'system' }))).toMatch(/self-signed/);
    expect(server!.stats.connectPackets).toBe(0);
  });

  it('connects to a self-signed server whose certificate is pinned', async () => {
    await serve(TEST_TLS.selfSigned);
    await connectOverTls({ mode: 'pinned', certificate: TEST_TLS.selfSigned.cert }).waitFor(
      connected,
    );
    expect(server!.online('alice')).toHaveLength(1);
  });

  it('a pin trusts only that certificate: a CA-issued one is refused', async () => {
    await serve(TEST_TLS.server);
    const detail = await firstFailure(
      connectOverTls({ mode: 'pinned', certificate: TEST_TLS.selfSigned.cert }),
    );
    expect(detail).toMatch(/^TLS: /);
    expect(server!.stats.connectPackets).toBe(0);
  });

  it('the pinned certificate still has to match the host name', async () => {
    await serve(TEST_TLS.selfSignedWrongHost);
    const pinned = { mode: 'pinned' as const, certificate: TEST_TLS.selfSignedWrongHost.cert };
    expect(await firstFailure(connectOverTls(pinned))).toMatch(/another host name/);
    expect(server!.stats.connectPackets).toBe(0);
  });

  it('never falls back to plain TCP: a TLS client at a plain port sends no CONNECT', async () => {
    await serve(TEST_TLS.server);
    const harness = connectOverTls({ mode: 'system' }, server!.tcpPort);
    await harness.waitFor((s) => s.attempt >= 2, 5_000, 'two failed attempts');
    expect(server!.stats.connectPackets).toBe(0);
    expect(harness.tracker.sockets).toHaveLength(0); // every socket came from the TLS factory
  });

  it('off: plain TCP as before', async () => {
    await serve(TEST_TLS.server);
    await connectOverTls({ mode: 'off' }, server!.tcpPort).waitFor(connected);
    expect(server!.online('alice')).toHaveLength(1);
  });

  it('refuses a pinned certificate that is not PEM when the factory is made', () => {
    expect(() => createTlsSocketFactory({ mode: 'pinned', certificate: 'nope' })).toThrow(
      TlsConfigError,
    );
  });
});
