/**
 * The MessagingService over a scripted link (FakeLink) and a manual clock, on real files in a
 * temp folder: states, ordering, re-sends with DUP, refusals, deadlines, retry, restarts, inbox
 * dedupe, unread counts and bad input. The real-TCP paths are in messaging.integration.test.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { MessagingError } from './errors';
import { DATABASE_FILE } from './message-store';
import { DEFAULT_DEADLINE_MS } from './sender';
import { FakeLink } from './testing/fake-link';
import { incoming, openFixture, TempDirs, type Fixture } from './testing/service-fixture';

const BOB = { channelId: 'bob', channelType: 1 };
const tmp = new TempDirs();
let dir: string;
const open: Fixture[] = [];

beforeEach(async () => {
  dir = await tmp.make();
});
afterEach(async () => {
  for (const f of open.splice(0)) await f.service.close();
  await tmp.cleanup();
});

async function fixture(
  ...args: Parameters<typeof openFixture> extends [string, ...infer R] ? R : never
) {
  const f = await openFixture(dir, ...args);
  open.push(f);
  return f;
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 3_000, interval: 2 });
/** clientMsgNos in the outbox table, read through a second connection (what is on disk). */
function outboxOnDisk(): string[] {
  const db = new DatabaseSync(path.join(dir, DATABASE_FILE), { readOnly: true });
  try {
    return (
      db.prepare('SELECT client_msg_no FROM outbox').all() as { client_msg_no: string }[]
    ).map((r) => r.client_msg_no);
  } finally {
    db.close();
  }
}
const texts = (f: Fixture) => f.service.list(BOB, 500).map((e) => `${e.text}:${e.state}`);

describe('sending', () => {
  it('writes the message to disk before the first SEND, then queued -> sending -> sent', async () => {
    const f = await fixture();
    const onDiskAtSend: boolean[] = [];
    const send = f.link.send.bind(f.link);
    f.link.send = (req) => {
      onDiskAtSend.push(outboxOnDisk().includes(req.clientMsgNo!));
      return send(req);
    };
    f.link.connect();
    const entry = await f.service.send(BOB, 'hi bob');
    expect(entry).toMatchObject({
      state: 'queued',
      own: true,
      fromUid: 'alice',
      text: 'hi bob',
      messageId: null,
    });
    expect(entry.clientMsgNo).toMatch(/^[0-9a-f]{32}$/);
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    expect(onDiskAtSend).toEqual([true]);
    const sent = f.link.sends[0]!;
    expect(sent.request).toMatchObject({
      channelId: 'bob',
      channelType: 1,
      clientMsgNo: entry.clientMsgNo,
      dup: false,
    });
    expect(JSON.parse(sent.request.payload.toString())).toEqual({ type: 1, content: 'hi bob' });
    f.link.ack(sent);
    // 'sent' is announced last, after the outbox record is gone: wait for the event.
    await until(() => expect(f.events.map((e) => e.state)).toEqual(['queued', 'sending', 'sent']));
    expect(f.service.list(BOB)[0]).toMatchObject({ messageId: '1001', messageSeq: '1' });
    // the outbox is empty again, the history keeps the message
    expect(outboxOnDisk()).toEqual([]);
  });

  it('queues while offline and sends in order, several in flight, once connected', async () => {
    const f = await fixture({ window: 2 });
    for (let i = 0; i < 5; i++) await f.service.send(BOB, `m${i}`);
    expect(f.link.sends).toHaveLength(0);
    expect(texts(f)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'].map((t) => `${t}:queued`));
    f.link.connect();
    for (let i = 0; i < 5; i++) {
      await until(() => expect(f.link.pendingSends()).toHaveLength(Math.min(2, 5 - i)));
      expect(f.link.pendingSends()[0]!.text).toBe(`m${i}`);
      f.link.ack();
    }
    expect(f.link.sends.map((s) => s.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    await until(() =>
      expect(texts(f)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'].map((t) => `${t}:sent`)),
    );
  });

  it('a link drop before SENDACK: queued again, re-sent after the next CONNACK with the same clientMsgNo and DUP', async () => {
    const f = await fixture();
    f.link.connect();
    const entry = await f.service.send(BOB, 'once');
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    f.link.drop();
    await until(() => expect(f.service.list(BOB)[0]?.state).toBe('queued'));
    expect(f.link.sends).toHaveLength(1);
    f.link.connect();
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    expect(f.link.sends.map((s) => [s.request.clientMsgNo, s.request.dup])).toEqual([
      [entry.clientMsgNo, false],
      [entry.clientMsgNo, true],
    ]);
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['once:sent']));
  });

  it('a refusal fails that message with its code and the queue moves on; retry sends it again at the end', async () => {
    const f = await fixture();
    const first = await f.service.send(BOB, 'refused');
    await f.service.send(BOB, 'next');
    f.link.connect();
    await until(() => expect(f.link.pendingSends()).toHaveLength(2));
    f.link.ack(undefined, 3);
    await until(() => expect(f.link.pendingSends().map((s) => s.text)).toEqual(['next']));
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['refused:failed', 'next:sent']));
    expect(f.service.list(BOB)[0]).toMatchObject({ failReason: 'rejected', failCode: 3 });

    const again = await f.service.retry(first.clientMsgNo);
    expect(again.state).toBe('queued');
    expect(again.failCode).toBeUndefined();
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    expect(f.link.pendingSends()[0]!.request).toMatchObject({
      clientMsgNo: first.clientMsgNo,
      dup: true,
    });
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['next:sent', 'refused:sent']));
  });

  it('a retryable refusal (system error) moves the message behind the ones already on the wire and tries again after a backoff', async () => {
    const f = await fixture();
    await f.service.send(BOB, 'a');
    await f.service.send(BOB, 'b');
    f.link.connect();
    await until(() => expect(f.link.pendingSends()).toHaveLength(2));
    f.link.ack(undefined, 15);
    // b is already on the wire, so receivers see b first: the sender's view says the same
    await until(() => expect(texts(f)).toEqual(['b:sending', 'a:queued']));
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['b:sent', 'a:queued']));
    expect(f.link.sends).toHaveLength(2);
    f.clock.advance(999);
    expect(f.link.sends).toHaveLength(2);
    f.clock.advance(1);
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    expect(f.link.pendingSends()[0]!.request).toMatchObject({ dup: true });
    expect(f.link.pendingSends()[0]!.text).toBe('a');
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['b:sent', 'a:sent']));
  });

  it('a message not sent within the deadline fails, even while offline; retry gives it a new deadline', async () => {
    const f = await fixture();
    const entry = await f.service.send(BOB, 'late');
    f.clock.advance(DEFAULT_DEADLINE_MS - 1);
    expect(texts(f)).toEqual(['late:queued']);
    f.clock.advance(1);
    await until(() => expect(texts(f)).toEqual(['late:failed']));
    expect(f.service.list(BOB)[0]!.failReason).toBe('deadline');
    f.link.connect();
    expect(f.link.sends).toHaveLength(0);
    await f.service.retry(entry.clientMsgNo);
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    f.link.ack();
    await until(() => expect(texts(f)).toEqual(['late:sent']));
  });

  it('a kick keeps the outbox (not sent); signing in again as the same uid sends it', async () => {
    const f = await fixture();
    f.link.connect();
    await f.service.send(BOB, 'in flight');
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    f.link.drop(); // the kick closes the link; the manager rejects the pending SEND
    await f.service.send(BOB, 'after kick');
    await until(() => expect(texts(f)).toEqual(['in flight:queued', 'after kick:queued']));
    // sign-out / sign-in: the service is closed and a new one opens the same folder
    await f.service.close();
    open.splice(open.indexOf(f), 1);
    const g = await fixture({ link: new FakeLink(), clock: f.clock });
    expect(texts(g)).toEqual(['in flight:queued', 'after kick:queued']);
    g.link.autoAck = 1;
    g.link.connect();
    await until(() => expect(texts(g)).toEqual(['in flight:sent', 'after kick:sent']));
    expect(g.link.sends.map((s) => [s.text, s.request.dup])).toEqual([
      ['in flight', true],
      ['after kick', false],
    ]);
  });
});

describe('restart and repair', () => {
  it('after a crash between the outbox and history writes, the message is shown and sent', async () => {
    const rec = {
      clientMsgNo: 'a'.repeat(32),
      channelId: 'bob',
      channelType: 1,
      text: 'orphan',
      createdAt: 1_700_000_000_000,
      deadlineAt: 1_700_000_000_000 + DEFAULT_DEADLINE_MS,
      attempts: 1,
      state: 'sending',
      order: 7,
    };
    await writeFile(
      path.join(dir, 'outbox.jsonl'),
      `${JSON.stringify({ k: rec.clientMsgNo, v: rec })}\n`,
    );
    const f = await fixture();
    expect(texts(f)).toEqual(['orphan:queued']);
    f.link.connect();
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    expect(f.link.sends[0]!.request).toMatchObject({ clientMsgNo: rec.clientMsgNo, dup: true });
    // new messages sort after the recovered one
    const later = await f.service.send(BOB, 'later');
    expect(later.order).toBeGreaterThan(f.service.list(BOB)[0]!.order);
  });

  it('a message whose SENDACK reached the history but not the outbox is not sent again', async () => {
    const f = await fixture();
    f.link.connect();
    f.link.autoAck = 1;
    const entry = await f.service.send(BOB, 'done');
    await until(() => expect(texts(f)).toEqual(['done:sent']));
    await f.service.close();
    open.splice(0);
    // put the outbox record back, as if the app died before removing it
    const rec = {
      clientMsgNo: entry.clientMsgNo,
      channelId: 'bob',
      channelType: 1,
      text: 'done',
      createdAt: 1,
      deadlineAt: 2e12,
      attempts: 1,
      state: 'sending',
      order: entry.order,
    };
    await writeFile(
      path.join(dir, 'outbox.jsonl'),
      `${JSON.stringify({ k: rec.clientMsgNo, v: rec })}\n`,
    );
    const g = await fixture();
    g.link.connect();
    await g.service.send(BOB, 'probe');
    await until(() => expect(g.link.pendingSends()).toHaveLength(1));
    expect(g.link.sends.map((s) => s.text)).toEqual(['probe']);
    expect(texts(g)).toEqual(['done:sent', 'probe:sending']);
  });

  it('a corrupt outbox file is reported and every readable message is still sent', async () => {
    const make = (n: number) => ({
      clientMsgNo: String(n).repeat(32),
      channelId: 'bob',
      channelType: 1,
      text: `t${n}`,
      createdAt: 1_700_000_000_000,
      deadlineAt: 1_700_000_000_000 + DEFAULT_DEADLINE_MS,
      attempts: 0,
      state: 'queued',
      order: n,
    });
    const lines = [1, 2, 3].map((n) => JSON.stringify({ k: make(n).clientMsgNo, v: make(n) }));
    await writeFile(
      path.join(dir, 'outbox.jsonl'),
      `${lines[0]}\n#!garbage\n${lines[1]}\n${lines[2]!.slice(0, 30)}`,
    );
    const issues: string[] = [];
    const f = await fixture();
    f.service.on('storageIssue', (i) => issues.push(i.kind));
    expect(f.service.storageIssues()).toEqual([
      expect.objectContaining({
        kind: 'corrupt',
        badLines: 2,
        keptRecords: 2,
        file: path.join(dir, 'outbox.jsonl'),
      }),
    ]);
    f.link.autoAck = 1;
    f.link.connect();
    await until(() => expect(texts(f)).toEqual(['t1:sent', 't2:sent']));
  });

  it('history and read marks survive a restart', async () => {
    const f = await fixture();
    for (let i = 0; i < 8; i++) await f.service.onReceived(incoming({ text: `in${i}` }));
    await f.service.markRead(BOB);
    await f.service.onReceived(incoming({ text: 'unread' }));
    expect(f.service.list(BOB, 5).map((e) => e.text)).toEqual([
      'in4',
      'in5',
      'in6',
      'in7',
      'unread',
    ]);
    await f.service.close();
    open.splice(0);
    const g = await fixture();
    expect(g.service.list(BOB, 10)).toHaveLength(9);
    expect(g.service.list(BOB, 5).map((e) => e.text)).toEqual([
      'in4',
      'in5',
      'in6',
      'in7',
      'unread',
    ]);
    expect(g.service.channels()).toEqual([expect.objectContaining({ ...BOB, unread: 1 })]);
  });
});

describe('receiving', () => {
  it('stores once per messageId and per clientMsgNo, also for duplicates arriving together', async () => {
    const f = await fixture();
    const m = incoming({ text: 'one' });
    const resend = incoming({ text: 'one', clientMsgNo: m.clientMsgNo }); // new messageId, same clientMsgNo
    await Promise.all([
      f.service.onReceived(m),
      f.service.onReceived(m),
      f.service.onReceived(resend),
    ]);
    await f.service.onReceived(m);
    await f.service.onReceived(resend);
    expect(f.service.list(BOB)).toEqual([
      expect.objectContaining({
        text: 'one',
        state: 'received',
        messageId: m.messageId.toString(),
        own: false,
      }),
    ]);
    expect(f.events).toHaveLength(1);
  });

  it('a redelivered message without a clientMsgNo is recognised by its messageId', async () => {
    const f = await fixture();
    const m = incoming({ text: 'no client number', clientMsgNo: '' });
    await f.service.onReceived(m);
    await f.service.onReceived({ ...m });
    const other = incoming({ text: 'another', clientMsgNo: '' });
    await f.service.onReceived(other);
    expect(f.service.list(BOB).map((e) => e.text)).toEqual(['no client number', 'another']);
    // stored once: no second 'message' event (which would make the UI flash the entry again)
    expect(f.events.map((e) => e.text)).toEqual(['no client number', 'another']);
  });

  it('counts unread per channel; markRead clears it; our own messages from another device never count', async () => {
    const f = await fixture();
    const group = { channelId: 'g1', channelType: 2 };
    await f.service.onReceived(incoming({ text: 'b1' }));
    await f.service.onReceived(
      incoming({ text: 'g1', channelId: 'g1', channelType: 2, fromUid: 'carol' }),
    );
    await f.service.onReceived(
      incoming({ text: 'g2', channelId: 'g1', channelType: 2, fromUid: 'alice' }),
    );
    expect(f.service.channels()).toEqual([
      expect.objectContaining({
        ...group,
        unread: 1,
        lastMessage: expect.objectContaining({ text: 'g2', own: true, state: 'sent' }),
      }),
      expect.objectContaining({ ...BOB, unread: 1 }),
    ]);
    const changes: number[] = [];
    f.service.on('channel', (c) => changes.push(c.unread));
    await f.service.markRead(group);
    await f.service.markRead(group);
    expect(changes).toEqual([0]);
    expect(f.service.channels().map((c) => c.unread)).toEqual([0, 1]);
  });

  it('keeps non-text payloads as their type with empty text', async () => {
    const f = await fixture();
    await f.service.onReceived(incoming({ payload: Buffer.from('{"type":2,"url":"x.png"}') }));
    await f.service.onReceived(incoming({ payload: Buffer.from([0xff, 0x00]) }));
    expect(f.service.list(BOB).map((e) => [e.contentType, e.text])).toEqual([
      [2, ''],
      [0, ''],
    ]);
  });
});

describe('bad input and failures', () => {
  it('rejects bad input with typed errors', async () => {
    const f = await fixture();
    const code = (p: Promise<unknown> | (() => unknown)) =>
      (typeof p === 'function' ? Promise.resolve().then(p) : p).then(
        () => 'ok',
        (e: unknown) => (e instanceof MessagingError ? e.code : `untyped ${String(e)}`),
      );
    expect(await code(f.service.send({ channelId: '', channelType: 1 }, 'x'))).toBe('invalidInput');
    expect(await code(f.service.send({ channelId: 'b', channelType: 0 }, 'x'))).toBe(
      'invalidInput',
    );
    expect(await code(f.service.send(null as never, 'x'))).toBe('invalidInput');
    expect(await code(f.service.send(BOB, '   '))).toBe('invalidInput');
    expect(await code(f.service.send(BOB, 42 as never))).toBe('invalidInput');
    expect(await code(f.service.send(BOB, 'x'.repeat(20_001)))).toBe('invalidInput');
    expect(await code(() => f.service.list(BOB, -1))).toBe('invalidInput');
    expect(await code(() => f.service.list(BOB, 1.5))).toBe('invalidInput');
    expect(await code(f.service.retry('nope'))).toBe('notFound');
    const queued = await f.service.send(BOB, 'q');
    expect(await code(f.service.retry(queued.clientMsgNo))).toBe('notFailed');
    await f.service.close();
    expect(await code(f.service.send(BOB, 'x'))).toBe('closed');
    expect(await code(f.service.onReceived(incoming()))).toBe('closed');
  });

  it('a message that cannot be stored is refused with storageFailed, reported, and never sent; writing resumes', async () => {
    let fault: Error | null = Object.assign(new Error('database or disk is full'), { errcode: 13 });
    const f = await fixture({
      faults: {
        beforeCommit: () => {
          if (fault) throw fault;
        },
      },
    });
    const issues: unknown[] = [];
    f.service.on('storageIssue', (i) => issues.push(i));
    f.link.connect();
    const err = await f.service.send(BOB, 'lost?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessagingError);
    expect((err as MessagingError).code).toBe('storageFailed');
    expect((err as Error).message).toMatch(/the disk is full/);
    expect(await f.service.onReceived(incoming()).catch((e: unknown) => e)).toBeInstanceOf(
      MessagingError,
    );
    expect(issues).toEqual([expect.objectContaining({ kind: 'writeFailed' })]);
    expect(f.link.sends).toHaveLength(0);
    expect(f.service.list(BOB)).toEqual([]);
    fault = null; // space is back: no restart needed
    f.link.autoAck = 1;
    await f.service.send(BOB, 'fine now');
    await f.service.onReceived(incoming({ text: 'in' }));
    await until(() => expect(texts(f)).toEqual(['fine now:sent', 'in:received']));
  });

  it('a throwing listener breaks nothing', async () => {
    const f = await fixture();
    f.service.on('message', () => {
      throw new Error('listener bug');
    });
    f.link.autoAck = 1;
    f.link.connect();
    await f.service.send(BOB, 'fine');
    await until(() => expect(texts(f)).toEqual(['fine:sent']));
  });
});
