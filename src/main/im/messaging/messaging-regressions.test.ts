/**
 * The failures the JSONL message layer had, one test each (every one failed on that code): late
 * re-sends shown twice, bursts emptying a chat, de-duplication ignoring the sender, one SEND in
 * flight, a SENDACK that never comes, an unbounded outbox whose failed messages cannot be
 * discarded, and a retried message keeping its old place. Real SQLite in a temp folder. Plus the
 * ordering rule the window needs (a new message never overtakes the re-sends of a dropped window).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MessagingError } from './errors';
import { incoming, openFixture, TempDirs, type Fixture } from './testing/service-fixture';

const BOB = { channelId: 'bob', channelType: 1 };
const GROUP = { channelId: 'g1', channelType: 2 };
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

const until = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 2 });
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e instanceof MessagingError ? e.code : String(e)),
  );

describe('de-duplication never forgets too early', () => {
  it('a re-send with the same clientMsgNo after 1,000 newer messages is stored and counted once', async () => {
    const f = await fixture();
    const first = incoming({ text: 'original' });
    await f.service.onReceived(first);
    await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => f.service.onReceived(incoming({ text: `n${i}` }))),
    );
    // The sender lost its SENDACK and re-sent: the server numbered it again.
    await f.service.onReceived(incoming({ text: 'original', clientMsgNo: first.clientMsgNo }));
    await f.service.onReceived(first); // and redelivered the first copy too
    const all = f.service.list(BOB, 500);
    expect(all.filter((e) => e.text === 'original')).toHaveLength(0); // it is older than the page
    expect(f.service.channels()).toEqual([expect.objectContaining({ ...BOB, unread: 1_001 })]);
    const page = f.service.list(BOB, 500, all[0]!.order);
    const older = f.service.list(BOB, 500, page[0]!.order);
    expect([...older, ...page, ...all].filter((e) => e.text === 'original')).toHaveLength(1);
    expect(older.length + page.length + all.length).toBe(1_001);
  });

  it('two senders in a group using the same clientMsgNo are both stored', async () => {
    const f = await fixture();
    await f.service.onReceived(incoming({ ...GROUP, fromUid: 'bob', clientMsgNo: 'same' }));
    await f.service.onReceived(incoming({ ...GROUP, fromUid: 'carol', clientMsgNo: 'same' }));
    expect(f.service.list(GROUP).map((e) => e.fromUid)).toEqual(['bob', 'carol']);
  });
});

describe('history is unbounded and paged', () => {
  it('a burst of 2,000 messages into one chat keeps all of them and the chat in the list', async () => {
    const f = await fixture();
    await Promise.all(
      Array.from({ length: 2_000 }, (_, i) => f.service.onReceived(incoming({ text: `b${i}` }))),
    );
    expect(f.service.channels()).toEqual([expect.objectContaining({ ...BOB, unread: 2_000 })]);
    const newest = f.service.list(BOB, 50);
    expect(newest.map((e) => e.text)).toEqual(
      Array.from({ length: 50 }, (_, i) => `b${1_950 + i}`),
    );
    const before = f.service.list(BOB, 50, newest[0]!.order);
    expect(before.at(-1)!.text).toBe('b1949');
  });
});

describe('the outbox', () => {
  it('keeps a window of SENDs in flight, in order', async () => {
    const f = await fixture();
    f.link.connect();
    for (let i = 0; i < 20; i++) await f.service.send(BOB, `m${i}`);
    await until(() => expect(f.link.pendingSends()).toHaveLength(16));
    expect(f.link.sends.map((s) => s.text)).toEqual(Array.from({ length: 16 }, (_, i) => `m${i}`));
    for (let i = 0; i < 16; i++) f.link.ack();
    await until(() => expect(f.link.sends).toHaveLength(20));
    expect(f.link.sends.slice(16).map((s) => s.text)).toEqual(['m16', 'm17', 'm18', 'm19']);
  });

  it('a SEND without SENDACK on a live link drops the link; the re-send keeps clientMsgNo with DUP, in order', async () => {
    const f = await fixture({ sendAckTimeoutMs: 10_000 });
    f.link.connect();
    await f.service.send(BOB, 'a');
    await f.service.send(BOB, 'b');
    await until(() => expect(f.link.pendingSends()).toHaveLength(2));
    f.clock.advance(9_999);
    expect(f.link.stalls).toEqual([]);
    f.clock.advance(1);
    expect(f.link.stalls).toHaveLength(1);
    f.link.drop();
    f.link.connect();
    await until(() => expect(f.link.sends).toHaveLength(4));
    const [a, b, a2, b2] = f.link.sends.map((s) => s.request);
    expect([a2!.clientMsgNo, b2!.clientMsgNo]).toEqual([a!.clientMsgNo, b!.clientMsgNo]);
    expect([a!.dup, b!.dup, a2!.dup, b2!.dup]).toEqual([false, false, true, true]);
  });

  it('a message written just after a reconnect goes after the re-sends of the dropped window', async () => {
    const f = await fixture();
    f.link.connect();
    await f.service.send(BOB, 'a');
    await f.service.send(BOB, 'b');
    await until(() => expect(f.link.pendingSends()).toHaveLength(2));
    f.link.drop();
    f.link.connect();
    // the rejections of a and b have been handled, their new state not stored yet
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await f.service.send(BOB, 'c');
    await until(() => expect(f.link.sends).toHaveLength(5));
    expect(f.link.sends.slice(2).map((s) => `${s.text}${s.request.dup ? '+dup' : ''}`)).toEqual([
      'a+dup',
      'b+dup',
      'c',
    ]);
  });

  it('is bounded with a clear error, and a queued or failed message can be deleted', async () => {
    const f = await fixture({ outboxLimit: 3 });
    const q = [];
    for (let i = 0; i < 3; i++) q.push(await f.service.send(BOB, `q${i}`));
    const full = await f.service.send(BOB, 'too many').catch((e: unknown) => e);
    expect(full).toBeInstanceOf(MessagingError);
    expect((full as MessagingError).code).toBe('outboxFull');
    expect((full as Error).message).toMatch(/3 messages/);
    await f.service.delete(q[1]!.clientMsgNo);
    expect(f.service.list(BOB).map((e) => e.text)).toEqual(['q0', 'q2']);
    expect(await code(f.service.send(BOB, 'fits again'))).toBe('resolved');
    expect(await code(f.service.delete('unknown'))).toBe('notFound');
    // a failed one too, and it shows why it failed
    f.link.connect();
    await until(() => expect(f.link.pendingSends().length).toBeGreaterThan(0));
    f.link.ack(f.link.pendingSends()[0], 4);
    await until(() =>
      expect(f.service.list(BOB)[0]).toMatchObject({
        text: 'q0',
        state: 'failed',
        failReason: 'rejected',
        failCode: 4,
      }),
    );
    await f.service.delete(q[0]!.clientMsgNo);
    expect(f.service.list(BOB).map((e) => e.text)).not.toContain('q0');
  });

  it('a retried message moves to the end with its new time, as receivers will see it', async () => {
    const f = await fixture();
    f.link.connect();
    const a = await f.service.send(BOB, 'a');
    await until(() => expect(f.link.pendingSends()).toHaveLength(1));
    f.link.ack(f.link.pendingSends()[0], 4); // refused
    await until(() => expect(f.service.list(BOB)[0]!.state).toBe('failed'));
    f.link.autoAck = 1;
    await f.service.send(BOB, 'b');
    await until(() => expect(f.service.list(BOB).map((e) => e.state)).toEqual(['failed', 'sent']));
    f.clock.advance(60_000);
    const retried = await f.service.retry(a.clientMsgNo);
    expect(retried.timestamp).toBe(f.clock.now());
    await until(() =>
      expect(f.service.list(BOB).map((e) => `${e.text}:${e.state}`)).toEqual(['b:sent', 'a:sent']),
    );
    expect(f.link.sends.map((s) => s.text)).toEqual(['a', 'b', 'a']);
  });
});
