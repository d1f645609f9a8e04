/**
 * The SyncTarget on a real SQLite database: pages are one transaction, synced messages are
 * stored once (messageId; channel + fromUid + clientMsgNo, also against RECVs), older messages
 * take their place by messageSeq, holes and closed ranges, the server's unread counts.
 */
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncedConversation, SyncedMessage } from '../core';
import { MessageStore } from './message-store';
import { IncomingWriter } from './storage/incoming-writer';
import { SqliteSyncTarget, subtractRanges, type SyncedChanges } from './sync-target-store';
import { TempDirs } from './testing/service-fixture';

const tmp = new TempDirs();
let dir: string;
const stores: MessageStore[] = [];
const writers: IncomingWriter[] = [];
beforeEach(async () => {
  dir = await tmp.make();
});
afterEach(async () => {
  for (const w of writers.splice(0)) await w.close();
  for (const s of stores.splice(0)) s.close();
  await tmp.cleanup();
});

function open(faults: { beforeCommit?: () => void } = {}): MessageStore {
  const { store } = MessageStore.open({ dir, uid: 'bob', now: () => 1_700_000_000_000, faults });
  stores.push(store);
  return store;
}

const GROUP = { channelId: 'g1', channelType: 2 };
const ALICE = { channelId: 'alice', channelType: 1 };

function msg(
  seq: number,
  o: Partial<SyncedMessage> & { channelId?: string; channelType?: number } = {},
): SyncedMessage {
  return {
    messageId: BigInt(1_000_000 + seq),
    messageSeq: BigInt(seq),
    clientMsgNo: `c${seq}`,
    fromUid: 'alice',
    ...GROUP,
    timestamp: 1_700_000_000 + seq,
    payload: Buffer.from(JSON.stringify({ type: 1, content: `m${seq}` })),
    redDot: true,
    syncOnce: false,
    noPersist: false,
    ...o,
  };
}

function conv(o: Partial<SyncedConversation> = {}): SyncedConversation {
  return {
    ...GROUP,
    unread: 0,
    timestamp: 1_700_000_000,
    lastMessageSeq: 0,
    lastClientMsgNo: '',
    readToSeq: 0,
    version: 1n,
    recents: [],
    ...o,
  };
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const texts = (store: MessageStore, c = GROUP): string[] => store.list(c, 500).map((e) => e.text);

describe.each([
  ['on the main thread', false],
  ['on the writer worker', true],
])('SqliteSyncTarget, pages written %s', (_where, inWorker) => {
  /** The target under test: with the writer worker as the messaging service wires it, or not. */
  function makeTarget(
    store: MessageStore,
    onStored?: (changes: SyncedChanges) => void,
  ): SqliteSyncTarget {
    const writer = inWorker ? new IncomingWriter(store.file, store.uid) : null;
    if (writer) writers.push(writer);
    return new SqliteSyncTarget(store, onStored, writer);
  }

  it('stores a page of conversations and messages with the server unread count, in seq order', async () => {
    const store = open();
    const seen: SyncedChanges[] = [];
    const target = makeTarget(store, (c) => seen.push(c));
    // the first screen (recents) first, the older unread messages after: as the engine does
    const recents = range(11, 20).map((s) => msg(s));
    await target.storeSyncedPage({
      conversations: [conv({ unread: 20, lastMessageSeq: 20, version: 7n, recents })],
      messages: recents,
      closedRanges: [],
    });
    await target.storeSyncedPage({
      conversations: [],
      messages: range(1, 10).map((s) => msg(s)),
      closedRanges: [{ channel: GROUP, from: 1, to: 10 }],
    });
    expect(texts(store)).toEqual(range(1, 20).map((s) => `m${s}`));
    const summary = store.channels()[0]!;
    expect(summary).toMatchObject({ ...GROUP, unread: 20 });
    expect(summary.lastMessage?.text).toBe('m20');
    expect(await target.maxConversationVersion()).toBe(7n);
    expect(await target.lastMessageSeqs()).toEqual([{ channel: GROUP, lastSeq: 20 }]);
    expect(seen.map((c) => c.added.length)).toEqual([10, 10]);
    expect(seen[0]!.channels).toEqual([GROUP]);
  });

  it('a version beyond 2^53 is kept exactly', async () => {
    const target = makeTarget(open());
    const big = 1_732_000_000_123_456_789n;
    await target.storeSyncedPage({
      conversations: [conv({ version: big })],
      messages: [],
      closedRanges: [],
    });
    expect(await target.maxConversationVersion()).toBe(big);
  });

  it('a message received over RECV and synced again is stored once (messageId and clientMsgNo)', async () => {
    const store = open();
    const target = makeTarget(store);
    store.storeIncoming([
      {
        ...GROUP,
        messageId: '1000005',
        messageSeq: '5',
        clientMsgNo: 'c5',
        fromUid: 'alice',
        contentType: 1,
        text: 'm5',
        timestamp: 1,
      },
    ]);
    // same messageId; then a re-sent copy: new messageId, same sender and clientMsgNo
    await target.storeSyncedPage({
      conversations: [],
      messages: [msg(5), msg(6, { clientMsgNo: 'c5', messageId: 77n }), msg(6)],
      closedRanges: [],
    });
    expect(texts(store)).toEqual(['m5', 'm6']);
    expect(store.summary(GROUP).unread).toBe(2);
  });

  it('fills a hole of 1,000 in place, page by page, and reports no hole after', async () => {
    const store = open();
    const target = makeTarget(store);
    await target.storeSyncedPage({
      conversations: [],
      messages: [...range(1, 5), 1006].map((s) => msg(s)),
      closedRanges: [],
    });
    expect(await target.missingSeqRanges(GROUP)).toEqual([{ from: 6, to: 1005 }]);
    for (let from = 6; from <= 1005; from += 200) {
      await target.storeSyncedPage({
        conversations: [],
        messages: range(from, from + 199).map((s) => msg(s)),
        closedRanges: [{ channel: GROUP, from, to: from + 199 }],
      });
    }
    expect(await target.missingSeqRanges(GROUP)).toEqual([]);
    const list = store.list(GROUP, 500);
    expect(list.map((e) => Number(e.messageSeq))).toEqual(range(507, 1006));
    // every older page too, in seq order all the way
    const older = store.list(GROUP, 500, list[0]!.order);
    expect(older.map((e) => Number(e.messageSeq))).toEqual(range(7, 506));
    expect(store.summary(GROUP).lastMessage?.text).toBe('m1006');
  });

  it('older history before the oldest stored message goes first, in order', async () => {
    const store = open();
    const target = makeTarget(store);
    await target.storeSyncedPage({
      conversations: [],
      messages: range(26, 30).map((s) => msg(s)),
      closedRanges: [],
    });
    for (const page of [range(16, 25), range(6, 15), range(1, 5)]) {
      await target.storeSyncedPage({
        conversations: [],
        messages: page.map((s) => msg(s)),
        closedRanges: [],
      });
    }
    expect(store.list(GROUP, 500).map((e) => Number(e.messageSeq))).toEqual(range(1, 30));
  });

  it('closed ranges are no longer holes; other channels are not affected', async () => {
    const target = makeTarget(open());
    await target.storeSyncedPage({
      conversations: [],
      messages: [
        ...[1, 10, 20].map((s) => msg(s)),
        msg(1, { ...ALICE, messageId: 5n }),
        msg(4, { ...ALICE, messageId: 6n }),
      ],
      closedRanges: [{ channel: GROUP, from: 4, to: 12 }],
    });
    expect(await target.missingSeqRanges(GROUP)).toEqual([
      { from: 2, to: 3 },
      { from: 13, to: 19 },
    ]);
    expect(await target.missingSeqRanges(ALICE)).toEqual([{ from: 2, to: 3 }]);
    expect(await target.missingSeqRanges({ channelId: 'none', channelType: 1 })).toEqual([]);
  });

  it('a page that fails in SQL leaves nothing behind (rolled back)', async () => {
    const store = open();
    const target = makeTarget(store);
    // the last write of the page fails, after its messages and conversations were written
    store.db.exec(`CREATE TRIGGER no_sync_state BEFORE INSERT ON sync_state
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(
      target.storeSyncedPage({
        conversations: [conv({ unread: 3, version: 9n })],
        messages: range(1, 3).map((s) => msg(s)),
        closedRanges: [{ channel: GROUP, from: 1, to: 3 }],
      }),
    ).rejects.toThrow(/disk full/);
    expect(store.list(GROUP, 10)).toEqual([]);
    expect(await target.maxConversationVersion()).toBe(0n);
    expect(target.closedRanges(GROUP)).toEqual([]);
    store.db.exec('DROP TRIGGER no_sync_state');
    await target.storeSyncedPage({ conversations: [], messages: [msg(1)], closedRanges: [] });
    expect(texts(store)).toEqual(['m1']);
  });

  it('synced messages at or below the read mark do not count as unread; own ones never', async () => {
    const store = open();
    const target = makeTarget(store);
    await target.storeSyncedPage({
      conversations: [conv({ unread: 0, readToSeq: 10, lastMessageSeq: 10 })],
      messages: [msg(10)],
      closedRanges: [],
    });
    await target.storeSyncedPage({
      conversations: [],
      messages: [msg(9), msg(11), msg(12, { fromUid: 'bob' })],
      closedRanges: [],
    });
    expect(store.summary(GROUP).unread).toBe(1);
    expect(store.list(GROUP, 10).map((e) => [e.messageSeq, e.own])).toEqual([
      ['9', false],
      ['10', false],
      ['11', false],
      ['12', true],
    ]);
  });
});

describe('SqliteSyncTarget on the main thread', () => {
  it('a page failing at COMMIT leaves nothing behind', async () => {
    let fail = false;
    const store = open({
      beforeCommit: () => {
        if (fail) throw new Error('disk full');
      },
    });
    const target = new SqliteSyncTarget(store);
    fail = true;
    await expect(
      target.storeSyncedPage({
        conversations: [conv({ unread: 3, version: 9n })],
        messages: range(1, 3).map((s) => msg(s)),
        closedRanges: [{ channel: GROUP, from: 1, to: 3 }],
      }),
    ).rejects.toThrow(/disk full/);
    expect(store.list(GROUP, 10)).toEqual([]);
    expect(await target.maxConversationVersion()).toBe(0n);
    expect(target.closedRanges(GROUP)).toEqual([]);
  });
});

describe('SqliteSyncTarget with the writer worker', () => {
  it('writes off the main thread: while another connection holds the lock the main thread runs on, and sees the page only after the commit', async () => {
    const store = open();
    const writer = new IncomingWriter(store.file, store.uid);
    writers.push(writer);
    await writer.ready();
    const shown: number[] = [];
    const target = new SqliteSyncTarget(
      store,
      () => shown.push(store.list(GROUP, 10).length),
      writer,
    );
    // a third connection holds the write lock: a page written on the main thread would block it
    // (SQLite waits synchronously), then fail once the busy timeout ran out
    const lock = new DatabaseSync(store.file);
    lock.exec('BEGIN IMMEDIATE');
    let settled = false;
    const stored = target
      .storeSyncedPage({
        conversations: [],
        messages: range(1, 3).map((s) => msg(s)),
        closedRanges: [],
      })
      .finally(() => {
        settled = true;
      });
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    expect(store.list(GROUP, 10)).toEqual([]);
    lock.exec('COMMIT');
    lock.close();
    await stored;
    // the result is applied after the worker's commit: the main connection already sees the rows
    expect(shown).toEqual([3]);
    expect(texts(store)).toEqual(['m1', 'm2', 'm3']);
  });
});

describe('subtractRanges', () => {
  it('cuts closed ranges out of holes', () => {
    expect(
      subtractRanges(
        [
          { from: 1, to: 10 },
          { from: 20, to: 30 },
        ],
        [
          { from: 3, to: 4 },
          { from: 8, to: 22 },
        ],
      ),
    ).toEqual([
      { from: 1, to: 2 },
      { from: 5, to: 7 },
      { from: 23, to: 30 },
    ]);
  });
});
