import { describe, expect, it } from 'vitest';
import { decodeConversations, decodeMessage, decodeMessagePage } from './decode-response';
import { SyncHttpError } from './http-json';

const CH = { channelId: 'alice', channelType: 1 };
const good = {
  header: { no_persist: 0, red_dot: 1, sync_once: 0 },
  setting: 0,
  message_id: 7_000_000_000_000_000_000,
  message_idstr: '7000000000000000123',
  client_msg_no: 'c1',
  message_seq: 3,
  from_uid: 'alice',
  channel_id: 'bob',
  channel_type: 1,
  timestamp: 1_700_000_000,
  payload: Buffer.from('{"type":1,"content":"hi"}').toString('base64'),
};

describe('decodeMessage', () => {
  it('keeps every digit of the id (message_idstr) and files it under the asked channel', () => {
    const m = decodeMessage(good, CH)!;
    expect(m.messageId).toBe(7000000000000000123n);
    expect(m).toMatchObject({ channelId: 'alice', channelType: 1, messageSeq: 3n, redDot: true });
    expect(m.payload.toString()).toBe('{"type":1,"content":"hi"}');
  });

  it('drops what cannot be used', () => {
    for (const bad of [
      null,
      'x',
      [],
      { ...good, message_idstr: undefined, message_id: 2 ** 60 },
      { ...good, message_seq: -1 },
      { ...good, message_seq: 0 },
      { ...good, message_seq: '3' },
      { ...good, payload: 'not base64!' },
      { ...good, payload: 12 },
    ]) {
      expect(decodeMessage(bad, CH)).toBeNull();
    }
  });

  it('tolerates missing optional fields', () => {
    const m = decodeMessage({ message_idstr: '5', message_seq: 1 }, CH)!;
    expect(m).toMatchObject({ clientMsgNo: '', fromUid: '', timestamp: 0, redDot: false });
    expect(m.payload.length).toBe(0);
  });
});

describe('decodeMessagePage / decodeConversations', () => {
  it('sorts messages oldest first and counts dropped items', () => {
    const r = decodeMessagePage(
      { more: 1, messages: [{ ...good, message_seq: 5 }, { junk: true }, good] },
      CH,
    );
    expect(r.value.messages.map((m) => m.messageSeq)).toEqual([3n, 5n]);
    expect(r.value.more).toBe(true);
    expect(r.dropped).toBe(1);
  });

  it('a malformed envelope is a non-retryable error', () => {
    expect(() => decodeMessagePage([], CH)).toThrow(SyncHttpError);
    expect(() => decodeMessagePage({ messages: {} }, CH)).toThrow(/not an array/);
    expect(() => decodeConversations({})).toThrow(/not an array/);
    expect(decodeConversations(null).value).toEqual([]);
  });

  it('conversations: recents oldest first under the conversation channel, version exact', () => {
    const r = decodeConversations([
      {
        channel_id: 'alice',
        channel_type: 1,
        unread: 2,
        timestamp: 1_700_000_000,
        last_msg_seq: 4,
        last_client_msg_no: 'c4',
        readed_to_msg_seq: 2,
        version: '1700000000000000000',
        recents: [
          { ...good, message_seq: 4 },
          { ...good, message_seq: 3 },
        ],
      },
      { channel_id: '', channel_type: 1 },
      { channel_id: 'x', channel_type: 300 },
    ]);
    expect(r.dropped).toBe(2);
    const c = r.value[0]!;
    expect(c).toMatchObject({ channelId: 'alice', unread: 2, lastMessageSeq: 4, readToSeq: 2 });
    expect(c.version).toBe(1700000000000000000n);
    expect(c.recents.map((m) => [m.messageSeq, m.channelId])).toEqual([
      [3n, 'alice'],
      [4n, 'alice'],
    ]);
  });
});
