import { describe, expect, it } from 'vitest';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { REDACTED } from '../../../shared/redact';
import { SnapshotTracker } from './snapshot-tracker';

function setup(maxAttempts: number | null = 5) {
  let now = 1_000;
  const counters = { failedAttempts: 0, maxAttempts };
  const emitted: ConnectionSnapshot[] = [];
  const tracker = new SnapshotTracker(
    { now: () => now, counters: () => counters, emit: (s) => emitted.push(s) },
    maxAttempts,
  );
  return { tracker, emitted, counters, tick: (ms: number) => (now += ms) };
}

describe('SnapshotTracker', () => {
  it('starts disconnected/none at seq 0 with the configured budget', () => {
    const { tracker } = setup(3);
    expect(tracker.snapshot()).toMatchObject({
      seq: 0,
      status: 'disconnected',
      reason: 'none',
      maxAttempts: 3,
      at: 1_000,
    });
  });

  it('emits only when a field changed, each time with the next seq and a fresh copy', () => {
    const { tracker, emitted, tick } = setup();
    tracker.set('connecting', 'none');
    tick(5);
    tracker.commit('attempt');
    tracker.commit('again');
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ seq: 1, status: 'connecting', at: 1_005 });
    tracker.state.address = '127.0.0.1:5100';
    tracker.commit('addressResolved');
    expect(emitted.map((s) => s.seq)).toEqual([1, 2]);
    emitted[1]!.status = 'connectFail';
    expect(tracker.snapshot().status).toBe('connecting');
    // both commits were recorded, changed or not
    expect(tracker.log.list().map((e) => e.event)).toEqual(['attempt', 'again', 'addressResolved']);
  });

  it('shows the failed-attempt count except while connected', () => {
    const { tracker, emitted, counters } = setup();
    counters.failedAttempts = 2;
    tracker.set('disconnected', 'networkError');
    tracker.commit('backoff', 'refused', { delayMs: 700 });
    expect(emitted.at(-1)).toMatchObject({ attempt: 2, reason: 'networkError' });
    expect(tracker.log.list().at(-1)).toMatchObject({ delayMs: 700, detail: 'refused' });
    tracker.set('connected', 'connectSuccess');
    tracker.commit('connected');
    expect(emitted.at(-1)).toMatchObject({ attempt: 0, status: 'connected' });
  });

  it('a silent commit records nothing unless the snapshot changed', () => {
    const { tracker, emitted } = setup();
    tracker.state.lastRttMs = 12;
    tracker.commit('pong', undefined, { rttMs: 12, silent: true });
    tracker.commit('pong', undefined, { rttMs: 12, silent: true });
    expect(emitted).toHaveLength(1);
    expect(tracker.log.list()).toHaveLength(1);
    expect(tracker.log.list()[0]).toMatchObject({ event: 'pong', rttMs: 12 });
  });

  it('note() records without emitting; registered tokens are masked', () => {
    const { tracker, emitted } = setup();
    tracker.log.addSecret('secret-token-123');
    tracker.note('tokenRefreshed', 'got secret-token-123');
    expect(emitted).toEqual([]);
    expect(tracker.log.list()).toEqual([
      expect.objectContaining({ event: 'tokenRefreshed', detail: `got ${REDACTED}` }),
    ]);
  });
});
