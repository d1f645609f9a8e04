import { expect, test, DEFAULT_USER } from '../fixtures/test';
import { startFaultProxy } from '../fault-proxy';
import type { FaultProxy } from '../fault-proxy';
import { readDiagnostics, updateSettings } from '../fixtures/bridge';
import { expectConnected, signIn, ui } from '../fixtures/ui';

const HEARTBEAT_MS = 5_000; // the smallest heartbeat the settings allow
const PONG_TIMEOUT_MS = 1_500; // test-only knob (not a user setting)
const SLACK_MS = 2_000; // timer granularity plus the UI receiving the snapshot

test.use({ pongTimeoutMs: PONG_TIMEOUT_MS });

test('5. a blackholed link is noticed within heartbeat + pong timeout and recovers afterwards', async ({
  launchApp,
  testServer,
  shot,
}) => {
  let proxy: FaultProxy | null = null;
  try {
    proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: testServer.tcpPort } });
    const app = await launchApp({ serverAddress: proxy.address });
    const { page } = app;
    await updateSettings(page, {
      connection: {
        heartbeatIntervalMs: HEARTBEAT_MS,
        connectTimeoutMs: 2_000,
        reconnectIntervalMs: 500,
      },
    });
    await signIn(page, { ...DEFAULT_USER, address: proxy.address });
    await expectConnected(page);

    proxy.setMode('blackhole');
    const blackholedAt = Date.now();
    await expect(ui.status(page)).not.toHaveAttribute('data-status', 'connected', {
      timeout: HEARTBEAT_MS + PONG_TIMEOUT_MS + SLACK_MS,
    });
    const noticedAfter = Date.now() - blackholedAt;
    expect(noticedAfter).toBeLessThanOrEqual(HEARTBEAT_MS + PONG_TIMEOUT_MS + SLACK_MS);
    const diagnostics = await readDiagnostics(page);
    expect(diagnostics.entries.map((e) => e.reason)).toContain('heartbeatTimeout');
    await shot(app, '05-blackholed');

    proxy.setMode('pass');
    await expectConnected(page, 10_000);
    await shot(app, '05-recovered');
  } finally {
    await proxy?.stop();
  }
});
