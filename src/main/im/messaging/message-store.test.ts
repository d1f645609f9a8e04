/**
 * The SQLite store on its own: schema version, a damaged file moved aside, a locked database, the
 * sync engine's entry points, the search index and the one-time import of the old JSONL files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareChannelRecency } from '../../../shared/channel-order';
import { DATABASE_FILE, MessageStore, type IncomingRecord } from './message-store';
import { MessagingService } from './messaging-service';
import { SCHEMA_VERSION } from './storage/migrations';
import { FakeLink } from './testing/fake-link';
import { TempDirs } from './testing/service-fixture';

const tmp = new TempDirs();
let dir: string;
const stores: MessageStore[] = [];
beforeEach(async () => {
  dir = await tmp.make();
});
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await tmp.cleanup();
});

const now = () => 1_700_000_000_000;
function open(): MessageStore {
  const { store, issues } = MessageStore.open({ dir, uid: 'alice', now });
  expect(issues).toEqual([]);
  stores.push(store);
  return store;
}
let seq = 0;
function rec(o: Partial<IncomingRecord> = {}): IncomingRecord {
  seq += 1;
  return {
    channelId: 'bob',
    channelType: 1,
    messageId: String(9_000 + seq),
    messageSeq: String(seq),
    clientMsgNo: `c${seq}`,
    fromUid: 'bob',
    contentType: 1,
    text: `hello ${seq}`,
    timestamp: seq * 1000,
    ...o,
  };
}

describe('the database file', () => {
  it('is created in WAL mode with the current schema version', () => {
    open();
    const db = new DatabaseSync(path.join(dir, DATABASE_FILE), { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
  });

  it('refuses a database written by a newer version instead of damaging it', () => {
    open().close();
    const db = new DatabaseSync(path.join(dir, DATABASE_FILE));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => MessageStore.open({ dir, uid: 'alice', now })).toThrow(/newer version/);
  });

  it('a damaged file is moved aside and reported; the account starts with a fresh store', async () => {
    writeFileSync(
      path.join(dir, DATABASE_FILE),
      'this is not a database, just garbage '.repeat(200),
    );
    const service = await MessagingService.open({ link: new FakeLink(), uid: 'alice', dir });
    try {
      const [issue, ...more] = service.storageIssues();
      expect(more).toEqual([]);
      expect(issue).toMatchObject({ kind: 'corrupt', file: path.join(dir, DATABASE_FILE) });
      expect(issue!.detail).toMatch(/damaged/);
      expect(readFileSync(issue!.movedTo!, 'utf8')).toMatch(/^this is not a database/);
      await expect(
        service.send({ channelId: 'bob', channelType: 1 }, 'works'),
      ).resolves.toMatchObject({
        state: 'queued',
      });
    } finally {
      await service.close();
    }
  });

  it('a database locked by another program: the write fails with a clear error and nothing is stored', () => {
    const store = open();
    const other = new DatabaseSync(path.join(dir, DATABASE_FILE));
    other.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => store.storeIncoming([rec()])).toThrow(/locked/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.list({ channelId: 'bob', channelType: 1 }, 10)).toEqual([]);
    expect(store.storeIncoming([rec()])).toHaveLength(1); // works again once the lock is gone
  });
});

it('keeps named values (the one-time import marker) across a reopen', () => {
  const store = open();
  expect(store.syncValue('cursor')).toBeUndefined();
  store.setSyncValue('cursor', 'abc');
  store.close();
  expect(open().syncValue('cursor')).toBe('abc');
});

it('keeps a trigram full-text index of message text', () => {
  const store = open();
  store.storeIncoming([rec({ text: 'let us meet at the station' }), rec({ text: '明天见' })]);
  const hits = (q: string) =>
    (
      store.db
        .prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?')
        .all(q) as unknown[]
    ).length;
  expect(hits('"station"')).toBe(1);
  expect(hits('"明天见"')).toBe(1);
  expect(hits('"airport"')).toBe(0);
});

it('imports the JSONL files of earlier versions once and moves them aside', async () => {
  const line = (k: string, v: object) => `${JSON.stringify({ k, v })}\n`;
  const entry = (order: number, text: string, extra: object = {}) => ({
    channelId: 'bob',
    channelType: 1,
    clientMsgNo: `n${order}`,
    messageId: String(100 + order),
    messageSeq: String(order),
    fromUid: 'bob',
    own: false,
    contentType: 1,
    text,
    timestamp: order * 1000,
    state: 'received',
    order,
    ...extra,
  });
  writeFileSync(
    path.join(dir, 'history.jsonl'),
    line('1:bob\nn1', entry(1, 'old one')) +
      line('1:bob\nn2', entry(2, 'old two')) +
      line(
        '1:bob\nn3',
        entry(3, 'mine', {
          fromUid: 'alice',
          own: true,
          state: 'queued',
          messageId: null,
          messageSeq: null,
        }),
      ) +
      '{"k":"torn',
  );
  writeFileSync(
    path.join(dir, 'outbox.jsonl'),
    line('n3', {
      clientMsgNo: 'n3',
      channelId: 'bob',
      channelType: 1,
      text: 'mine',
      createdAt: 3000,
      deadlineAt: 2e12,
      attempts: 1,
      state: 'sending',
      order: 3,
    }),
  );
  writeFileSync(
    path.join(dir, 'read-marks.jsonl'),
    line('1:bob', { channelId: 'bob', channelType: 1, readOrder: 1 }),
  );
  const link = new FakeLink();
  const service = await MessagingService.open({ link, uid: 'alice', dir });
  try {
    expect(service.storageIssues()).toEqual([
      expect.objectContaining({ kind: 'corrupt', badLines: 1 }),
    ]);
    const bob = { channelId: 'bob', channelType: 1 };
    expect(service.list(bob).map((e) => `${e.text}:${e.state}`)).toEqual([
      'old one:received',
      'old two:received',
      'mine:queued',
    ]);
    expect(service.channels()).toEqual([expect.objectContaining({ unread: 1 })]);
    link.connect();
    await expect
      .poll(() => link.sends.map((s) => [s.text, s.request.dup]))
      .toEqual([['mine', true]]);
    const left = readdirSync(dir);
    expect(left.filter((f) => f.endsWith('.jsonl'))).toEqual([]);
    expect(left.filter((f) => f.includes('.imported-'))).toHaveLength(3);
  } finally {
    await service.close();
  }
  // opening again imports nothing twice
  const again = await MessagingService.open({ link: new FakeLink(), uid: 'alice', dir });
  expect(again.list({ channelId: 'bob', channelType: 1 })).toHaveLength(3);
  expect(existsSync(path.join(dir, 'history.jsonl'))).toBe(false);
  await again.close();
});

describe('the conversation list', () => {
  it('puts the chat with the newest message first, whatever order they were stored in', () => {
    const store = open();
    // As a first sync stores them: newest conversation first.
    store.storeIncoming([rec({ channelId: 'newest', fromUid: 'newest', timestamp: 5_000_000 })]);
    store.storeIncoming([rec({ channelId: 'middle', fromUid: 'middle', timestamp: 4_000_000 })]);
    store.storeIncoming([rec({ channelId: 'oldest', fromUid: 'oldest', timestamp: 3_000_000 })]);
    // Two in the same second: the one stored later is the newer.
    store.storeIncoming([rec({ channelId: 'tie-a', fromUid: 'tie-a', timestamp: 4_000_000 })]);
    const order = store.channels().map((c) => c.channelId);
    expect(order).toEqual(['newest', 'tie-a', 'middle', 'oldest']);
    expect([...store.channels()].sort(compareChannelRecency).map((c) => c.channelId)).toEqual(
      order,
    );
  });
});
