/**
 * What MessagingService gives the offline sync: a 'received' notice per stored RECV batch (gap
 * detection), and a SyncTarget whose pages reach listeners as message and channel events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef, ChannelSummary } from './types';
import { incoming, openFixture, TempDirs, type Fixture } from './testing/service-fixture';

const BOB = { channelId: 'bob', channelType: 1 };
const tmp = new TempDirs();
let f: Fixture;

beforeEach(async () => {
  f = await openFixture(await tmp.make(), { receiveInWorker: false });
});
afterEach(async () => {
  await f.service.close();
  await tmp.cleanup();
});

describe('MessagingService for the offline sync', () => {
  it('reports the channels of stored RECVs, once per batch and not for duplicates', async () => {
    const received: ChannelRef[][] = [];
    f.service.on('received', (channels) => received.push(channels));
    const m = incoming({ text: 'one' });
    await Promise.all([
      f.service.onReceived(m),
      f.service.onReceived(incoming({ text: 'two', channelId: 'g', channelType: 2 })),
    ]);
    expect(received).toEqual([
      [
        { channelId: 'bob', channelType: 1 },
        { channelId: 'g', channelType: 2 },
      ],
    ]);
    await f.service.onReceived(m);
    expect(received).toHaveLength(1);
  });

  it('synced pages reach listeners as message and channel events; the sync target sees RECVs', async () => {
    const channels: ChannelSummary[] = [];
    f.service.on('channel', (c) => channels.push(c));
    const target = f.service.createSyncTarget();
    const first = incoming({ text: 'via RECV' });
    await f.service.onReceived(first);
    expect(f.events.at(-1)!.synced).toBeUndefined();
    f.events.length = 0;
    await target.storeSyncedPage({
      conversations: [],
      // the same message again, and a newer one
      messages: [first, incoming({ text: 'via sync' })],
      closedRanges: [],
    });
    expect(f.events.map((e) => e.text)).toEqual(['via sync']);
    // marked as the sync's (notifications keep quiet for the backlog); the stored entry is not
    expect(f.events[0]!.synced).toBe(true);
    expect(f.service.list(BOB, 10).map((e) => e.synced)).toEqual([undefined, undefined]);
    expect(channels.at(-1)).toMatchObject({ ...BOB, unread: 2 });
    expect(channels.at(-1)?.lastMessage?.text).toBe('via sync');
    expect(f.service.list(BOB, 10).map((e) => e.text)).toEqual(['via RECV', 'via sync']);
  });
});
