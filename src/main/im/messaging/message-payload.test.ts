/**
 * Raw payloads are kept and every message type shows its details: a RECV through the inbox and
 * the writer worker, a synced page (worker and main thread), the chat list's last message,
 * hostile payloads, the size bound, and the migration of a schema-2 database file.
 */
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../../shared/message-content';
import type { ReceivedMessage } from '../core';
import { Inbox } from './inbox';
import { DATABASE_FILE, MessageStore } from './message-store';
import { IncomingWriter } from './storage/incoming-writer';
import { MIGRATIONS, SCHEMA_VERSION } from './storage/migrations';
import { SqliteSyncTarget } from './sync-target-store';
import { TempDirs } from './testing/service-fixture';
import type { HistoryEntry } from './types';

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

const BOB = { channelId: 'bob', channelType: 1 };

function open(): MessageStore {
  const { store } = MessageStore.open({ dir, uid: 'alice', now: () => 1_700_000_000_000 });
  stores.push(store);
  return store;
}

function writerFor(store: MessageStore): IncomingWriter {
  const writer = new IncomingWriter(store.file, store.uid);
  writers.push(writer);
  return writer;
}

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o), 'utf8');

const FILE = json({ type: 8, name: 'report.pdf', size: 1_258_291, url: 'https://x/report.pdf' });
const LOCATION = json({ type: 6, title: 'Tiananmen Square', address: 'Beijing', lat: 39.9 });

let seq = 0;
function recv(payload: Buffer): ReceivedMessage {
  seq += 1;
  return {
    ...BOB,
    messageId: BigInt(5_000 + seq),
    messageSeq: BigInt(seq),
    clientMsgNo: `c${seq}`,
    fromUid: 'bob',
    timestamp: 1_700_000_000 + seq,
    payload,
    redDot: true,
    syncOnce: false,
    noPersist: false,
  };
}

/** The payload column as stored, oldest first. */
function storedPayloads(store: MessageStore): Array<Uint8Array | null> {
  const rows = store.db.prepare('SELECT payload FROM messages ORDER BY id').all() as Array<{
    payload: Uint8Array | null;
  }>;
  return rows.map((r) => r.payload);
}

/** What FILE and LOCATION show, in that order. */
const FILE_AND_LOCATION = [
  { kind: 'file', name: 'report.pdf', size: 1_258_291 },
  { kind: 'location', title: 'Tiananmen Square', address: 'Beijing' },
];

/** FILE and LOCATION are stored byte for byte. */
function expectRawPayloadsKept(store: MessageStore): void {
  expect(storedPayloads(store).map((p) => Buffer.from(p!).toString())).toEqual([
    FILE.toString(),
    LOCATION.toString(),
  ]);
}

/** One incoming message of `contentType` with `payload`, stored on the main thread. */
function storeOne(store: MessageStore, contentType: number, payload: Buffer): void {
  store.storeIncoming([
    {
      ...BOB,
      messageId: '1',
      messageSeq: '1',
      clientMsgNo: 'c1',
      fromUid: 'bob',
      contentType,
      text: '',
      timestamp: 1,
      payload,
    },
  ]);
}

const contents = (entries: HistoryEntry[]) => entries.map((e) => e.content);

describe('a RECV through the inbox and the writer worker', () => {
  it('keeps the raw payload and hands out the details of a file and a location', async () => {
    const store = open();
    const writer = writerFor(store);
    const stored: HistoryEntry[] = [];
    const inbox = new Inbox(
      (r) => writer.write(r),
      (e) => stored.push(...e),
    );
    await Promise.all([inbox.receive(recv(FILE)), inbox.receive(recv(LOCATION))]);

    // the entries the worker answers with (the message events) and the ones read back later
    expect(contents(stored)).toEqual(FILE_AND_LOCATION);
    expect(contents(store.list(BOB, 10))).toEqual(FILE_AND_LOCATION);
    expectRawPayloadsKept(store);
    // the chat list's last message carries them too
    expect(store.channels()[0]!.lastMessage!.content).toEqual(FILE_AND_LOCATION[1]);
  });

  it('a text message carries no details; its words are its text', async () => {
    const store = open();
    const writer = writerFor(store);
    const inbox = new Inbox(
      (r) => writer.write(r),
      () => {},
    );
    await inbox.receive(recv(json({ type: 1, content: 'hi' })));
    const [entry] = store.list(BOB, 1);
    expect(entry!.text).toBe('hi');
    expect(entry!.content).toBeUndefined();
  });
});

describe.each([
  ['on the main thread', false],
  ['on the writer worker', true],
])('a synced page written %s', (_where, inWorker) => {
  it('keeps the raw payload and hands out the details', async () => {
    const store = open();
    const added: HistoryEntry[] = [];
    const target = new SqliteSyncTarget(
      store,
      (c) => added.push(...c.added),
      inWorker ? writerFor(store) : null,
    );
    await target.storeSyncedPage({
      conversations: [],
      messages: [recv(FILE), recv(LOCATION)],
      closedRanges: [],
    });
    expect(contents(added)).toEqual(FILE_AND_LOCATION);
    expect(contents(store.list(BOB, 10))).toEqual(FILE_AND_LOCATION);
    expectRawPayloadsKept(store);
  });
});

describe('hostile payloads', () => {
  const nested = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  const cases: Array<[string, Buffer, unknown]> = [
    ['not JSON', Buffer.from('hello, not json'), { kind: 'unsupported', contentType: null }],
    [
      'not UTF-8',
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
      { kind: 'unsupported', contentType: null },
    ],
    ['deeply nested JSON', nested, { kind: 'unsupported', contentType: null }],
    [
      'an unknown type',
      json({ type: 777, secret: 'x' }),
      { kind: 'unsupported', contentType: 777 },
    ],
    ['a type beyond 2^53', json({ type: 1e300 }), { kind: 'unsupported', contentType: null }],
    [
      'bidi overrides and control characters in a file name',
      json({ type: 8, name: 'invoice\u202Efdp.exe\u0007\n', size: 10 }),
      { kind: 'file', name: 'invoicefdp.exe', size: 10 },
    ],
    [
      'wrong field types',
      json({ type: 8, name: { evil: true }, size: 'lots' }),
      { kind: 'file', name: '', size: null },
    ],
    [
      'a huge name and an absurd duration',
      json({ type: 4, timeTrad: 1e300, name: 'x'.repeat(100_000) }),
      { kind: 'voice', seconds: null },
    ],
  ];
  it.each(cases)('%s: stored, and shown as what can be read', async (_name, payload, content) => {
    const store = open();
    storeOne(store, 777, payload);
    expect(store.list(BOB, 1)[0]!.content).toEqual(content);
  });

  it('a file name is cut to 200 characters', () => {
    const store = open();
    storeOne(store, 8, json({ type: 8, name: '😀'.repeat(5_000) }));
    const content = store.list(BOB, 1)[0]!.content;
    expect(content?.kind).toBe('file');
    const name = content?.kind === 'file' ? content.name : '';
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name.endsWith('…')).toBe(true);
    // never half an emoji
    expect(/[\uD800-\uDBFF]…$/.test(name)).toBe(false);
  });

  it(`a payload over ${MAX_PAYLOAD_BYTES} bytes is not kept; the row shows its type`, () => {
    const store = open();
    const big = json({ type: 8, name: 'big.bin', pad: 'x'.repeat(MAX_PAYLOAD_BYTES) });
    storeOne(store, 8, big);
    expect(storedPayloads(store)).toEqual([null]);
    const [entry] = store.list(BOB, 1);
    expect(entry!.contentType).toBe(8);
    expect(entry!.content).toBeUndefined();
  });
});

describe('migration 2 -> 3', () => {
  it('a schema-2 database file keeps every row; old rows have no payload and show as before', () => {
    const file = path.join(dir, DATABASE_FILE);
    const old = new DatabaseSync(file);
    for (const step of MIGRATIONS.filter((m) => m.version <= 2)) old.exec(step.sql);
    old.exec('PRAGMA user_version = 2');
    const insert = old.prepare(`INSERT INTO messages (id, channel_type, channel_id, client_msg_no,
      message_id, message_seq, from_uid, own, content_type, text, timestamp, state)
      VALUES (?, 1, 'bob', ?, ?, ?, 'bob', 0, ?, ?, ?, 'received')`);
    const rows = Array.from({ length: 50 }, (_, i) => i + 1);
    for (const i of rows) {
      insert.run(i * 1_048_576, `c${i}`, String(i), i, i % 2 === 0 ? 8 : 1, `m${i}`, i);
    }
    old
      .prepare(
        `INSERT INTO conversations (channel_type, channel_id, last_id, unread)
      VALUES (1, 'bob', ?, 3)`,
      )
      .run(50 * 1_048_576);
    old.close();

    const store = open();
    const version = store.db.prepare('PRAGMA user_version').get() as { user_version: number };
    expect(version.user_version).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);
    const entries = store.list(BOB, 100);
    expect(entries.map((e) => e.text)).toEqual(rows.map((i) => `m${i}`));
    expect(entries.map((e) => e.contentType)).toEqual(rows.map((i) => (i % 2 === 0 ? 8 : 1)));
    expect(entries.every((e) => e.content === undefined)).toBe(true);
    expect(store.channels()).toMatchObject([{ ...BOB, unread: 3 }]);
    // and new rows keep theirs
    store.storeIncoming([
      {
        ...BOB,
        messageId: '99',
        messageSeq: '99',
        clientMsgNo: 'c99',
        fromUid: 'bob',
        contentType: 8,
        text: '',
        timestamp: 99,
        payload: FILE,
      },
    ]);
    expect(store.list(BOB, 1)[0]!.content).toMatchObject({ kind: 'file', name: 'report.pdf' });
  });
});
