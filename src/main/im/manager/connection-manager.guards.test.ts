/**
 * Rules that held before anything guarded them: each test here fails when its rule is broken on
 * purpose (the planted bug is named in the test). Fake timers over the in-memory transport.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acceptClientKey } from '../crypto';
import { PacketType } from '../protocol';
import { MIN_JUMP_MS } from './heartbeat';
import { advance, FAST, setup, teardown } from './testing/harness';

let h: ReturnType<typeof setup> | null = null;
afterEach(() => {
  if (h) teardown(h);
  h = null;
});

describe('the network coming back resets the attempt counter (planted: no reset on online)', () => {
  it('the first failure after the network returns waits at most the base delay', async () => {
    h = setup({ random: () => 0.99 });
    h.server.listening = false;
    h.manager.connect();
    await advance(200_000);
    expect(h.manager.snapshot().attempt).toBeGreaterThan(4);
    h.manager.setNetworkOnline(false);
    h.manager.setNetworkOnline(true);
    await advance();
    // the server is still down: this failure is the first of a fresh count
    const s = h.manager.snapshot();
    expect(s).toMatchObject({ status: 'disconnected', reason: 'networkError', attempt: 1 });
    expect(s.nextRetryAt! - Date.now()).toBeLessThan(FAST.reconnectIntervalMs);
  });
});

describe('a CONNACK other than 1 is never connected (planted: reasonCode > 1 as the refusal test)', () => {
  async function answerConnack(reasonCode: number, validKey: boolean) {
    h = setup({ random: () => 0.5 });
    h.server.ignoreConnect = true;
    h.manager.connect();
    await advance();
    const conn = [...h.server.conns][0]!;
    const session = validKey ? acceptClientKey(conn.connect!.clientKey) : null;
    conn.send({
      type: PacketType.CONNACK,
      hasServerVersion: true,
      serverVersion: 5,
      timeDiff: 0n,
      reasonCode,
      serverKey: session?.serverKey ?? '',
      salt: session?.salt ?? '',
    });
    await advance();
  }

  it.each([
    [0, false, 'v1.x refusal form: empty key and salt'],
    [0, true, 'a usable key'],
    [3, true, 'a usable key'],
    [255, true, 'a usable key'],
  ])('reason %i (%s / %s): serverError, backoff, never connected', async (code, validKey) => {
    await answerConnack(code, validKey);
    expect(h!.statuses()).not.toContain('connected/connectSuccess');
    expect(h!.manager.snapshot()).toMatchObject({
      status: 'disconnected',
      reason: 'serverError',
      serverReasonCode: code,
    });
    expect(h!.manager.snapshot().nextRetryAt).not.toBeNull();
  });
});

describe('dead-link detection when we only send (planted: PING only after a send-idle interval)', () => {
  it('a link where we keep sending and nothing comes back is dropped within heartbeat + pong', async () => {
    h = setup({ random: () => 0 });
    h.manager.connect();
    await advance();
    expect(h.manager.isConnected).toBe(true);
    const started = Date.now();
    // The network swallows everything from now on: no SENDACK, no PONG.
    h.server.ignorePings = true;
    const conn = [...h.server.conns][0]!;
    conn.receive = () => undefined;
    let droppedAt: number | null = null;
    h.manager.on('snapshot', (s) => {
      if (droppedAt === null && s.reason === 'heartbeatTimeout') droppedAt = Date.now();
    });
    for (let t = 0; t < FAST.heartbeatIntervalMs * 3 && droppedAt === null; t += 500) {
      // never answered; rejected (and ignored) when the link is dropped
      h.manager
        .send({ channelId: 'c', channelType: 1, payload: Buffer.from('x') })
        .catch(() => undefined);
      await advance(500);
    }
    expect(droppedAt).not.toBeNull();
    expect(droppedAt! - started).toBeLessThanOrEqual(FAST.heartbeatIntervalMs + FAST.pongTimeoutMs);
  });
});

describe('a clock jump below the sleep threshold is not sleep (planted: a lower threshold)', () => {
  const threshold = Math.max(3 * FAST.heartbeatIntervalMs, MIN_JUMP_MS);

  async function jump(lateMs: number) {
    h = setup({ random: () => 0 });
    h.manager.connect();
    await advance();
    const first = h.tracker.last;
    // The wall clock jumps; the heartbeat tick due in one interval then fires lateMs late.
    vi.setSystemTime(Date.now() + lateMs);
    await advance(FAST.heartbeatIntervalMs);
    return { first, jumped: h.manager.diagnostics().some((e) => e.event === 'clockJump') };
  }

  it('exactly at the threshold: the link is kept and probed', async () => {
    const { first, jumped } = await jump(threshold);
    expect(jumped).toBe(false);
    expect(first?.destroyed).toBe(false);
    expect(h!.pings()).toBe(1);
  });

  it('1 ms beyond it: treated as sleep, a fresh connection', async () => {
    const { first, jumped } = await jump(threshold + 1);
    expect(jumped).toBe(true);
    expect(first?.destroyed).toBe(true);
  });
});
