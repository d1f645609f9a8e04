import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FIRST_PAGE_SIZE,
  MAX_LIST_LIMIT,
  UNREAD_CONTEXT_MESSAGES,
  type ChannelSummary,
  type HistoryEntry,
} from '../../../shared/messages';
import {
  channelKey,
  mergeChannels,
  firstPageLimit,
  mergeEntries,
  sameChannel,
  sortChannels,
  upsertChannel,
  upsertEntry,
} from './chat-model';
import { formatMessageTime } from './format-time';
import { validateChannelId } from './new-chat-form';

function entry(
  clientMsgNo: string,
  order: number,
  fields: Partial<HistoryEntry> = {},
): HistoryEntry {
  return {
    channelId: 'bob',
    channelType: 1,
    clientMsgNo,
    messageId: null,
    messageSeq: null,
    fromUid: 'alice',
    own: true,
    contentType: 1,
    text: clientMsgNo,
    timestamp: 0,
    state: 'queued',
    order,
    ...fields,
  };
}

function summary(channelId: string, last: HistoryEntry | null, unread = 0): ChannelSummary {
  return { channelId, channelType: 1, lastMessage: last, unread };
}

describe('chat model', () => {
  it('upserts by clientMsgNo: a state change replaces, never duplicates, order is kept', () => {
    let list = upsertEntry([], entry('b', 2));
    list = upsertEntry(list, entry('a', 1));
    list = upsertEntry(list, entry('b', 2, { state: 'sending' }));
    list = upsertEntry(list, entry('b', 2, { state: 'sent' }));
    expect(list.map((e) => [e.clientMsgNo, e.state])).toEqual([
      ['a', 'queued'],
      ['b', 'sent'],
    ]);
  });

  it('lets entries from events win over a fetched page that crossed them', () => {
    const fetched = [entry('a', 1, { state: 'sending' }), entry('c', 3)];
    const fromEvents = [entry('a', 1, { state: 'sent' }), entry('b', 2)];
    const merged = mergeEntries(fetched, fromEvents);
    expect(merged.map((e) => `${e.clientMsgNo}:${e.state}`)).toEqual([
      'a:sent',
      'b:queued',
      'c:queued',
    ]);
  });

  it('sorts channels by their newest message, empty (just opened) ones first', () => {
    const list = sortChannels([
      summary('old', entry('x', 1)),
      summary('new', entry('y', 5)),
      summary('empty', null),
    ]);
    expect(list.map((c) => c.channelId)).toEqual(['empty', 'new', 'old']);
    const moved = upsertChannel(list, summary('old', entry('z', 9), 1));
    expect(moved.map((c) => c.channelId)).toEqual(['empty', 'old', 'new']);
    expect(moved.find((c) => c.channelId === 'old')?.unread).toBe(1);
  });

  it('puts the chat with the newest message on top even when it was stored first', () => {
    // A first sync stores the conversations newest first: storage order is upside down.
    const list = sortChannels([
      summary('synced-newest', entry('a', 1, { timestamp: 3_000 })),
      summary('synced-oldest', entry('b', 2, { timestamp: 1_000 })),
      summary('same-second-later', entry('c', 4, { timestamp: 2_000 })),
      summary('same-second-earlier', entry('d', 3, { timestamp: 2_000 })),
    ]);
    expect(list.map((c) => c.channelId)).toEqual([
      'synced-newest',
      'same-second-later',
      'same-second-earlier',
      'synced-oldest',
    ]);
  });

  it('merges a fetched channel list with newer event summaries and local-only channels', () => {
    const fetched = [summary('bob', entry('a', 1), 2), summary('carol', entry('b', 2))];
    const current = [summary('bob', entry('c', 7), 3), summary('dave', null)];
    const merged = mergeChannels(fetched, current);
    expect(merged.map((c) => [c.channelId, c.unread])).toEqual([
      ['dave', 0],
      ['bob', 3],
      ['carol', 0],
    ]);
  });

  it('keys channels by type and id', () => {
    expect(channelKey({ channelId: 'g1', channelType: 2 })).toBe('2:g1');
    expect(channelKey({ channelId: 'g1', channelType: 1 })).not.toBe('2:g1');
  });

  it('shows only the time for today and adds the date otherwise', () => {
    const now = new Date(2025, 0, 2, 18, 0).getTime();
    const today = new Date(2025, 0, 2, 14, 32).getTime();
    const earlier = new Date(2024, 11, 30, 9, 5).getTime();
    expect(formatMessageTime(today, 'en', now)).toMatch(/^\d{1,2}:32/);
    expect(formatMessageTime(earlier, 'en', now)).toMatch(/Dec/);
    expect(formatMessageTime(earlier, 'en', now)).toMatch(/05/);
  });

  it('asks for a channel id and limits its length', () => {
    expect(validateChannelId('  ')).toEqual({ key: 'chat.idRequired' });
    expect(validateChannelId('x'.repeat(257))?.key).toBe('validation.tooLong');
    expect(validateChannelId(' bob ')).toBeNull();
  });
});

describe('chat model list operations against the simplest correct version', () => {
  // What upsertEntry and mergeEntries must equal: filter, add, sort by order.
  const reference = (list: readonly HistoryEntry[], add: readonly HistoryEntry[]): string[] => {
    const byNo = new Map<string, HistoryEntry>();
    for (const e of list) byNo.set(e.clientMsgNo, e);
    for (const e of add) byNo.set(e.clientMsgNo, e);
    return [...byNo.values()].sort((a, b) => a.order - b.order).map(show);
  };
  const show = (e: HistoryEntry): string => `${e.clientMsgNo}@${e.order}:${e.state}`;
  // Few keys, so replacements and moves (a retry gets a new order) happen often. Orders are row
  // ids, unique in the store: two messages never share one, a message can get another.
  const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
  const anEntry = fc
    .record({
      key: fc.integer({ min: 0, max: KEYS.length - 1 }),
      move: fc.integer({ min: 0, max: 3 }),
      state: fc.constantFrom('queued' as const, 'sent' as const, 'failed' as const),
    })
    .map(({ key, move, state }) => entry(KEYS[key]!, key + KEYS.length * move, { state }));
  // A loaded conversation: unique clientMsgNo, sorted by order, as the store keeps it.
  const aConversation = fc
    .uniqueArray(anEntry, { selector: (e) => e.clientMsgNo })
    .map((list) => list.sort((a, b) => a.order - b.order));

  it('upsertEntry: a sequence of upserts gives the same list as filter + sort', () => {
    fc.assert(
      fc.property(aConversation, fc.array(anEntry, { maxLength: 12 }), (start, updates) => {
        let list = start;
        for (const update of updates) {
          const expected = reference(list, [update]);
          list = upsertEntry(list, update);
          expect(list.map(show)).toEqual(expected);
        }
      }),
    );
  });

  it('mergeEntries: a page merged into a conversation equals filter + sort', () => {
    fc.assert(
      fc.property(aConversation, aConversation, (base, newer) => {
        expect(mergeEntries(base, newer).map(show)).toEqual(reference(base, newer));
      }),
    );
  });
});

describe('the first page of a chat', () => {
  it('is the first screen, or every unread message with some context, never above the limit', () => {
    expect(firstPageLimit(0)).toBe(FIRST_PAGE_SIZE);
    expect(firstPageLimit(3)).toBe(FIRST_PAGE_SIZE);
    expect(firstPageLimit(120)).toBe(120 + UNREAD_CONTEXT_MESSAGES);
    expect(firstPageLimit(100_000)).toBe(MAX_LIST_LIMIT);
  });
});

describe('the chat list under channel events', () => {
  it('upsertChannel gives the list that dropping, adding and sorting gives', () => {
    const aSummary = fc
      .record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
        empty: fc.boolean(),
        // Few distinct times, so ties in one second are common.
        second: fc.integer({ min: 0, max: 3 }),
        order: fc.integer({ min: 0, max: 1_000 }),
      })
      .map(({ id, empty, second, order }) =>
        summary(id, empty ? null : entry(`m${order}`, order, { timestamp: second * 1000 })),
      );
    fc.assert(
      fc.property(fc.array(aSummary, { maxLength: 30 }), (events) => {
        let list: ChannelSummary[] = [];
        for (const event of events) {
          // The simplest correct version: drop the old summary, add the new one, sort (stable).
          const expected = sortChannels([...list.filter((c) => !sameChannel(c, event)), event]);
          list = upsertChannel(list, event);
          expect(list).toEqual(expected);
        }
      }),
    );
  });
});
