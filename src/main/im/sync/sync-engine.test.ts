/**
 * SyncEngine rules on a manual clock with a scripted provider: backoff between attempts (never
 * a tight loop), no retry for answers that will not change, a later run after a failed one,
 * stop() leaving nothing behind, a failing store leaving the engine usable.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../messaging/testing/manual-clock';
import { SyncHttpError } from './http-json';
import { SyncEngine } from './sync-engine';
import { MemorySyncTarget } from './testing/memory-sync-target';
import type { SyncProvider, SyncedConversation } from './types';

/** Lets promise chains (and a real I/O turn) run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

function scripted(answers: Array<SyncedConversation[] | Error>): {
  provider: SyncProvider;
  calls: number[];
} {
  const calls: number[] = [];
  const provider: SyncProvider = {
    syncConversations: async () => {
      calls.push(calls.length + 1);
      const a = answers.shift() ?? [];
      if (a instanceof Error) throw a;
      return a;
    },
    syncChannelMessages: async () => ({ messages: [], more: false }),
    setUnread: async () => undefined,
  };
  return { provider, calls };
}

const conv = (version: bigint): SyncedConversation => ({
  channelId: 'g1',
  channelType: 2,
  unread: 1,
  timestamp: 1,
  lastMessageSeq: 1,
  lastClientMsgNo: 'c1',
  readToSeq: 0,
  version,
  recents: [
    {
      messageId: 1n,
      messageSeq: 1n,
      clientMsgNo: 'c1',
      fromUid: 'alice',
      channelId: 'g1',
      channelType: 2,
      timestamp: 1,
      payload: Buffer.from('{}'),
      redDot: true,
      syncOnce: false,
      noPersist: false,
    },
  ],
});

function setup(answers: Array<SyncedConversation[] | Error>, target = new MemorySyncTarget()) {
  const clock = new ManualClock(0);
  const { provider, calls } = scripted(answers);
  const engine = new SyncEngine({
    provider,
    target,
    uid: () => 'bob',
    clock,
    random: () => 0.5,
    retry: { attempts: 3, baseMs: 1000, capMs: 8000 },
    retryAfterFailureMs: 30_000,
  });
  const errors: Error[] = [];
  engine.on('error', (e) => errors.push(e));
  return { clock, engine, calls, errors, target };
}

describe('SyncEngine timing and failures', () => {
  it('waits with backoff between attempts after a 500, then succeeds', async () => {
    const { clock, engine, calls, errors, target } = setup([
      new SyncHttpError('HTTP 500', true, 500),
      [conv(5n)],
    ]);
    engine.onConnected();
    await settle();
    expect(calls).toHaveLength(1);
    // nothing happens before the backoff delay has passed
    clock.advance(499);
    await settle();
    expect(calls).toHaveLength(1);
    clock.advance(2000);
    await settle();
    expect(calls).toHaveLength(2);
    await engine.idle;
    expect(errors).toEqual([]);
    expect(await target.maxConversationVersion()).toBe(5n);
    expect(engine.state).toBe('idle');
  });

  it('does not retry an answer that will not change (400, malformed); runs again later', async () => {
    const { clock, engine, calls, errors } = setup([
      new SyncHttpError('HTTP 400', false, 400),
      [conv(1n)],
    ]);
    engine.onConnected();
    await settle();
    await engine.idle;
    expect(calls).toHaveLength(1);
    expect(errors.map((e) => e.message)).toEqual(['HTTP 400']);
    expect(engine.state).toBe('idle');
    clock.advance(29_999);
    await settle();
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await settle();
    await engine.idle;
    expect(calls).toHaveLength(2);
  });

  it('a store that fails is reported and retried later; the engine stays usable', async () => {
    const target = new MemorySyncTarget();
    target.failNextStores = 1;
    const { clock, engine, errors } = setup([[conv(2n)], [conv(3n)]], target);
    engine.onConnected();
    await settle();
    await engine.idle;
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
    clock.advance(30_000);
    await settle();
    await engine.idle;
    expect(await target.maxConversationVersion()).toBe(3n);
  });

  it('stop() cancels the backoff wait and the later run; nothing is left on the clock', async () => {
    const { clock, engine, calls } = setup([
      new SyncHttpError('HTTP 503', true, 503),
      new SyncHttpError('HTTP 503', true, 503),
    ]);
    engine.onConnected();
    await settle();
    expect(clock.pending).toBe(1);
    await engine.stop();
    expect(clock.pending).toBe(0);
    engine.onConnected();
    clock.advance(60_000);
    await settle();
    expect(calls).toHaveLength(1);
  });

  it('state is syncing from onConnected until the run ends', async () => {
    const { engine } = setup([[conv(1n)]]);
    const states: string[] = [];
    engine.on('state', (s) => states.push(s));
    engine.onConnected();
    expect(engine.state).toBe('syncing');
    await engine.idle;
    expect(states).toEqual(['syncing', 'idle']);
  });

  it('a read mark survives a lost link: it is sent after the next CONNACK, before the conversation sync', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    let failReads = 1;
    const provider: SyncProvider = {
      syncConversations: async () => {
        log.push('sync');
        return [];
      },
      syncChannelMessages: async () => ({ messages: [], more: false }),
      setUnread: async (_uid, channel, unread) => {
        log.push(`read ${channel.channelId} ${unread}`);
        if (failReads-- > 0) throw new SyncHttpError('network down', true);
      },
    };
    const engine = new SyncEngine({
      provider,
      target: new MemorySyncTarget(),
      uid: () => 'bob',
      clock,
      random: () => 0.5,
      retry: { attempts: 3, baseMs: 1000, capMs: 8000 },
    });
    let delivered = false;
    void engine.markRead({ channelId: 'g1', channelType: 2 }).then(() => (delivered = true));
    await settle();
    expect(log).toEqual(['read g1 0']);
    // the link drops during the backoff wait
    engine.onDisconnected();
    await settle();
    await engine.idle;
    expect(delivered).toBe(false);
    clock.advance(60_000);
    await settle();
    expect(log).toEqual(['read g1 0']);
    engine.onConnected();
    await settle();
    await engine.idle;
    expect(log).toEqual(['read g1 0', 'read g1 0', 'sync']);
    expect(delivered).toBe(true);
    await engine.stop();
  });

  it('stop() settles a read mark in flight', async () => {
    const clock = new ManualClock(0);
    const provider: SyncProvider = {
      syncConversations: async () => [],
      syncChannelMessages: async () => ({ messages: [], more: false }),
      setUnread: async () => {
        throw new SyncHttpError('HTTP 503', true, 503);
      },
    };
    const engine = new SyncEngine({
      provider,
      target: new MemorySyncTarget(),
      uid: () => 'bob',
      clock,
      random: () => 0.5,
    });
    const mark = engine.markRead({ channelId: 'g1', channelType: 2 });
    await settle();
    await engine.stop();
    await expect(mark).resolves.toBeUndefined();
    expect(clock.pending).toBe(0);
  });
});
