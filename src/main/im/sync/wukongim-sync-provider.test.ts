import { describe, expect, it } from 'vitest';
import type { FetchLike } from './http-json';
import { formatLastMsgSeqs, WuKongIMSyncProvider } from './wukongim-sync-provider';

function recordingFetch(
  answer: unknown,
  status = 200,
): { fetch: FetchLike; bodies: string[]; urls: string[] } {
  const bodies: string[] = [];
  const urls: string[] = [];
  return {
    bodies,
    urls,
    fetch: async (url, init) => {
      urls.push(url);
      bodies.push(String(init.body));
      return new Response(JSON.stringify(answer), { status });
    },
  };
}

const signal = new AbortController().signal;

describe('WuKongIMSyncProvider requests', () => {
  it('conversation/sync: uid, exact int64 version, last_msg_seqs, msg_count', async () => {
    const f = recordingFetch([]);
    const p = new WuKongIMSyncProvider({ baseUrl: 'http://h:5001/', fetch: f.fetch });
    await p.syncConversations(
      {
        uid: 'bob',
        version: 1700000000123456789n,
        lastMessageSeqs: [
          { channel: { channelId: 'g1', channelType: 2 }, lastSeq: 7 },
          { channel: { channelId: 'alice', channelType: 1 }, lastSeq: 4 },
        ],
        msgCount: 20,
      },
      signal,
    );
    expect(f.urls).toEqual(['http://h:5001/conversation/sync']);
    expect(f.bodies[0]).toBe(
      '{"uid":"bob","version":1700000000123456789,"last_msg_seqs":"g1:2:7|alice:1:4","msg_count":20}',
    );
  });

  it('channel/messagesync and conversations/setUnread use the server field names', async () => {
    const f = recordingFetch({ start_message_seq: 0, end_message_seq: 0, more: 0, messages: [] });
    const p = new WuKongIMSyncProvider({ baseUrl: 'http://h:5001', fetch: f.fetch });
    const ch = { channelId: 'g1', channelType: 2 };
    await p.syncChannelMessages(
      { uid: 'bob', channel: ch, startSeq: 6, endSeq: 100, limit: 50, pullMode: 1 },
      signal,
    );
    await p.setUnread('bob', ch, 0, signal);
    expect(f.urls.map((u) => new URL(u).pathname)).toEqual([
      '/channel/messagesync',
      '/conversations/setUnread',
    ]);
    expect(JSON.parse(f.bodies[0]!)).toEqual({
      login_uid: 'bob',
      channel_id: 'g1',
      channel_type: 2,
      start_message_seq: 6,
      end_message_seq: 100,
      limit: 50,
      pull_mode: 1,
    });
    expect(JSON.parse(f.bodies[1]!)).toEqual({
      uid: 'bob',
      channel_id: 'g1',
      channel_type: 2,
      unread: 0,
    });
  });

  it('a 400 is not retryable, a 500 is', async () => {
    const p400 = new WuKongIMSyncProvider({
      baseUrl: 'http://h',
      fetch: recordingFetch({ msg: 'bad' }, 400).fetch,
    });
    await expect(
      p400.setUnread('u', { channelId: 'g', channelType: 2 }, 0, signal),
    ).rejects.toMatchObject({
      retryable: false,
      status: 400,
    });
    const p500 = new WuKongIMSyncProvider({
      baseUrl: 'http://h',
      fetch: recordingFetch({}, 500).fetch,
    });
    await expect(
      p500.setUnread('u', { channelId: 'g', channelType: 2 }, 0, signal),
    ).rejects.toMatchObject({
      retryable: true,
    });
  });

  it('formatLastMsgSeqs leaves out empty channels and ids that would break the format', () => {
    expect(
      formatLastMsgSeqs([
        { channel: { channelId: 'a', channelType: 1 }, lastSeq: 0 },
        { channel: { channelId: 'b:c', channelType: 2 }, lastSeq: 3 },
        { channel: { channelId: 'd|e', channelType: 2 }, lastSeq: 3 },
        { channel: { channelId: 'g', channelType: 2 }, lastSeq: 9 },
      ]),
    ).toBe('g:2:9');
  });
});
