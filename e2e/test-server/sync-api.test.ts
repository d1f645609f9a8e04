/**
 * Conformance of the test server's sync endpoints with WuKongIM v2.2.5's handlers
 * (internal/api/conversation.go, internal/api/message.go, internal/types/message.go,
 * pkg/wkdb/message.go): shapes, seq ranges, unread rules, person-chat ids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PacketType } from '../../src/main/im/protocol/index';
import { personStorageId } from './channel-store';
import { harness, type Harness } from './test-helpers';

let h: Harness | null = null;
afterEach(async () => {
  await h?.teardown();
  h = null;
});

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h!.server.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const r = await post(path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`);
  return JSON.parse(r.text) as T;
}

interface Msg {
  message_id: number;
  message_idstr: string;
  message_seq: number;
  client_msg_no: string;
  from_uid: string;
  channel_id: string;
  channel_type: number;
  timestamp: number;
  payload: string;
  header: { no_persist: number; red_dot: number; sync_once: number };
}
interface Conv {
  channel_id: string;
  channel_type: number;
  unread: number;
  timestamp: number;
  last_msg_seq: number;
  last_client_msg_no: string;
  offset_msg_seq: number;
  readed_to_msg_seq: number;
  version: number;
  recents: Msg[];
}
interface Page {
  start_message_seq: number;
  end_message_seq: number;
  more: number;
  messages: Msg[];
}

const text = (s: string): Buffer => Buffer.from(JSON.stringify({ type: 1, content: s }));

async function setup(): Promise<Harness> {
  h = await harness();
  h.server.setGroupMembers('g1', ['alice', 'bob', 'carol']);
  return h;
}

function sendMany(from: string, channelId: string, channelType: number, n: number): void {
  for (let i = 1; i <= n; i++) {
    h!.server.sendMessage({ fromUid: from, channelId, channelType, payload: text(`m${i}`) });
  }
}

const seqs = (p: { messages?: Msg[]; recents?: Msg[] }): number[] =>
  (p.messages ?? p.recents ?? []).map((m) => m.message_seq);

describe('POST /conversation/sync', () => {
  it('answers a JSON array of conversations with WuKongIM field names and types', async () => {
    await setup();
    sendMany('alice', 'bob', 1, 3);
    const list = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 20 });
    expect(list).toHaveLength(1);
    const c = list[0]!;
    expect(Object.keys(c).sort()).toEqual(
      [
        'channel_id',
        'channel_type',
        'unread',
        'timestamp',
        'last_msg_seq',
        'last_client_msg_no',
        'offset_msg_seq',
        'readed_to_msg_seq',
        'version',
        'recents',
      ].sort(),
    );
    // a person chat is named by the other side's uid
    expect(c).toMatchObject({ channel_id: 'alice', channel_type: 1, unread: 3, last_msg_seq: 3 });
    expect(c.offset_msg_seq).toBe(0);
    expect(typeof c.version).toBe('number');
    // version: the newest message's second, in nanoseconds
    expect(c.version).toBe(c.timestamp * 1e9);
    expect(c.last_client_msg_no).toBe(c.recents[0]!.client_msg_no);
  });

  it('recents come newest first, at most msg_count, payload in base64', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 5);
    const [c] = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 3 });
    expect(seqs(c!)).toEqual([5, 4, 3]);
    const m = c!.recents[0]!;
    expect(JSON.parse(Buffer.from(m.payload, 'base64').toString('utf8'))).toEqual({
      type: 1,
      content: 'm5',
    });
    expect(m).toMatchObject({ from_uid: 'alice', channel_id: 'g1', channel_type: 2 });
    expect(m.header).toEqual({ no_persist: 0, red_dot: 1, sync_once: 0 });
  });

  it('message_id is a 64-bit JSON number; message_idstr keeps every digit', async () => {
    await setup();
    const r = h!.server.sendMessage({
      fromUid: 'alice',
      channelId: 'g1',
      channelType: 2,
      payload: text('x'),
    });
    const raw = (await post('/conversation/sync', { uid: 'bob', msg_count: 1 })).text;
    expect(raw).toContain(`"message_id":${r.messageId.toString()},`);
    expect(raw).toContain(`"message_idstr":"${r.messageId.toString()}"`);
  });

  it('without msg_count the answer is an empty array (v2 builds it only for msg_count > 0)', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 2);
    expect(await postJson('/conversation/sync', { uid: 'bob' })).toEqual([]);
  });

  it('last_msg_seqs: only what is newer than the client has; up to date means left out', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 10);
    sendMany('alice', 'bob', 1, 4);
    const list = await postJson<Conv[]>('/conversation/sync', {
      uid: 'bob',
      msg_count: 100,
      last_msg_seqs: 'g1:2:7|alice:1:4',
    });
    expect(list.map((c) => c.channel_id)).toEqual(['g1']);
    expect(seqs(list[0]!)).toEqual([10, 9, 8]);
  });

  it('lists the most recently active conversation first', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 1);
    await new Promise((r) => setTimeout(r, 5));
    sendMany('carol', 'bob', 1, 1);
    const list = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 1 });
    expect(list.map((c) => c.channel_id)).toEqual(['carol', 'g1']);
  });

  it('what the user sent counts as read; own newest message means unread 0', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 3);
    sendMany('bob', 'g1', 2, 1);
    sendMany('alice', 'g1', 2, 2);
    const [c] = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 1 });
    expect(c).toMatchObject({ unread: 2, readed_to_msg_seq: 4, last_msg_seq: 6 });
    const [a] = await postJson<Conv[]>('/conversation/sync', { uid: 'alice', msg_count: 1 });
    expect(a).toMatchObject({ unread: 0, readed_to_msg_seq: 6 });
  });

  it('bad input is a 400 with a message', async () => {
    await setup();
    const r = await post('/conversation/sync', { uid: 'bob', msg_count: 'ten' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ status: 400 });
    expect((await post('/conversation/sync', '[1]')).status).toBe(400);
    expect((await post('/conversation/sync', '{')).status).toBe(400);
  });
});

describe('POST /conversations/setUnread', () => {
  it('unread 0 marks everything read; the server count wins on the next sync', async () => {
    await setup();
    sendMany('alice', 'bob', 1, 5);
    expect(
      await postJson('/conversations/setUnread', {
        uid: 'bob',
        channel_id: 'alice',
        channel_type: 1,
        unread: 0,
      }),
    ).toEqual({ status: 200 });
    sendMany('alice', 'bob', 1, 2);
    const [c] = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 10 });
    expect(c).toMatchObject({ unread: 2, readed_to_msg_seq: 5 });
    // version > 0 asks only for what came after the read position
    const [d] = await postJson<Conv[]>('/conversation/sync', {
      uid: 'bob',
      msg_count: 10,
      version: 1,
    });
    expect(seqs(d!)).toEqual([7, 6]);
  });

  it('unread N leaves the newest N unread, and never moves the read position back', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 10);
    await postJson('/conversations/setUnread', {
      uid: 'bob',
      channel_id: 'g1',
      channel_type: 2,
      unread: 3,
    });
    let [c] = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 1 });
    expect(c).toMatchObject({ unread: 3, readed_to_msg_seq: 7 });
    await postJson('/conversations/setUnread', {
      uid: 'bob',
      channel_id: 'g1',
      channel_type: 2,
      unread: 8,
    });
    [c] = await postJson<Conv[]>('/conversation/sync', { uid: 'bob', msg_count: 1 });
    expect(c).toMatchObject({ unread: 3 });
  });

  it('requires uid, channel_id and channel_type', async () => {
    await setup();
    for (const body of [
      { channel_id: 'g1', channel_type: 2, unread: 0 },
      { uid: 'bob', channel_type: 2, unread: 0 },
      { uid: 'bob', channel_id: 'g1', unread: 0 },
    ]) {
      const r = await post('/conversations/setUnread', body);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text)).toMatchObject({ status: 400, msg: expect.any(String) });
    }
  });
});

describe('POST /channel/messagesync', () => {
  const sync = (o: Record<string, unknown>): Promise<Page> =>
    postJson<Page>('/channel/messagesync', {
      login_uid: 'bob',
      channel_id: 'g1',
      channel_type: 2,
      ...o,
    });

  it('answers {start_message_seq, end_message_seq, more, messages} echoing the request', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 30);
    const p = await sync({ start_message_seq: 5, end_message_seq: 9, limit: 100, pull_mode: 1 });
    expect(Object.keys(p).sort()).toEqual(
      ['end_message_seq', 'messages', 'more', 'start_message_seq'].sort(),
    );
    expect(p).toMatchObject({ start_message_seq: 5, end_message_seq: 9, more: 0 });
  });

  it('pull_mode 1 (up): start <= seq < end, oldest first, more while a full page came', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 30);
    expect(
      seqs(await sync({ start_message_seq: 5, end_message_seq: 9, limit: 100, pull_mode: 1 })),
    ).toEqual([5, 6, 7, 8]);
    const page = await sync({ start_message_seq: 11, end_message_seq: 0, limit: 10, pull_mode: 1 });
    expect(seqs(page)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(page.more).toBe(1);
    const tail = await sync({ start_message_seq: 21, limit: 10, pull_mode: 1 });
    expect(seqs(tail)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    // a full page is "more" even when it was the last one, as in v2
    expect(tail.more).toBe(1);
    const past = await sync({ start_message_seq: 31, limit: 10, pull_mode: 1 });
    expect(past).toMatchObject({ more: 0, messages: [] });
  });

  it('pull_mode 0 (down): end < seq <= start, the newest `limit` of them, oldest first', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 100);
    expect(seqs(await sync({ start_message_seq: 100, end_message_seq: 95, limit: 10 }))).toEqual([
      96, 97, 98, 99, 100,
    ]);
    expect(seqs(await sync({ start_message_seq: 100, end_message_seq: 50, limit: 10 }))).toEqual([
      91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
    ]);
    expect(seqs(await sync({ start_message_seq: 5, end_message_seq: 0, limit: 10 }))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    // end above start pulls nothing downwards
    expect(await sync({ start_message_seq: 5, end_message_seq: 9, limit: 10 })).toMatchObject({
      more: 0,
      messages: [],
    });
  });

  it('start and end 0: the newest `limit` messages', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 12);
    const p = await sync({ limit: 5 });
    expect(seqs(p)).toEqual([8, 9, 10, 11, 12]);
    expect(p.more).toBe(1);
  });

  it('a person chat is asked for by the peer uid; each message names the side that did not send it', async () => {
    await setup();
    sendMany('alice', 'bob', 1, 2);
    sendMany('bob', 'alice', 1, 1);
    const p = await postJson<Page>('/channel/messagesync', {
      login_uid: 'bob',
      channel_id: 'alice',
      channel_type: 1,
      start_message_seq: 1,
      limit: 10,
      pull_mode: 1,
    });
    expect(p.messages.map((m) => [m.message_seq, m.from_uid, m.channel_id])).toEqual([
      [1, 'alice', 'bob'],
      [2, 'alice', 'bob'],
      [3, 'bob', 'alice'],
    ]);
    // alice asking sees the same log
    const q = await postJson<Page>('/channel/messagesync', {
      login_uid: 'alice',
      channel_id: 'bob',
      channel_type: 1,
      limit: 10,
    });
    expect(seqs(q)).toEqual([1, 2, 3]);
  });

  it('a channel without messages answers zeros and an empty array', async () => {
    await setup();
    expect(await sync({ channel_id: 'nobody', start_message_seq: 3, limit: 5 })).toEqual({
      start_message_seq: 0,
      end_message_seq: 0,
      more: 0,
      messages: [],
    });
  });

  it('no_persist messages take a seq but are not kept', async () => {
    await setup();
    sendMany('alice', 'g1', 2, 1);
    h!.server.sendMessage({
      fromUid: 'alice',
      channelId: 'g1',
      channelType: 2,
      payload: text('typing'),
      noPersist: true,
    });
    sendMany('alice', 'g1', 2, 1);
    expect(seqs(await sync({ start_message_seq: 1, limit: 10, pull_mode: 1 }))).toEqual([1, 3]);
  });

  it('requires login_uid and channel_id', async () => {
    await setup();
    const r = await post('/channel/messagesync', { channel_id: 'g1', channel_type: 2 });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({ status: 400, msg: 'login_uid不能为空！' });
    expect((await post('/channel/messagesync', { login_uid: 'bob', channel_id: ' ' })).status).toBe(
      400,
    );
    expect(
      (await post('/channel/messagesync', { login_uid: 'bob', channel_id: 'g1', limit: 1.5 }))
        .status,
    ).toBe(400);
  });
});

describe('storage and faults', () => {
  it('person chats share one combined id whichever side sends (larger CRC-32 first)', () => {
    expect(personStorageId('alice', 'bob')).toBe(personStorageId('bob', 'alice'));
    expect(personStorageId('alice', 'bob').split('@').sort()).toEqual(['alice', 'bob']);
  });

  it('SEND over TCP is kept too, with the SENDACK seq', async () => {
    await setup();
    const alice = await h!.login('alice');
    alice.sendMessage({ channelId: 'bob', channelType: 1, payload: text('hello') });
    const ack = await alice.next(PacketType.SENDACK);
    const p = await postJson<Page>('/channel/messagesync', {
      login_uid: 'bob',
      channel_id: 'alice',
      channel_type: 1,
      limit: 10,
    });
    expect(p.messages.map((m) => m.message_seq)).toEqual([Number(ack.messageSeq)]);
    expect(p.messages[0]!.message_idstr).toBe(ack.messageId.toString());
  });

  it('/control/sync_faults makes the next N sync requests answer 500', async () => {
    await setup();
    await postJson('/control/sync_faults', { fail: 2 });
    expect((await post('/conversation/sync', { uid: 'bob', msg_count: 1 })).status).toBe(500);
    expect(
      (await post('/channel/messagesync', { login_uid: 'bob', channel_id: 'g1' })).status,
    ).toBe(500);
    expect((await post('/conversation/sync', { uid: 'bob', msg_count: 1 })).status).toBe(200);
  });
});
