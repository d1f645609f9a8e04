/**
 * The unread total over the real app services (real message store on a temp folder, fake
 * ConnectionManager). Waits are for observable state, never sleeps.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ChannelSummary } from '../shared/messages';
import { incoming } from './im/messaging/testing/service-fixture';
import { silentLogger } from './services/logger';
import { signedInServices } from './testing/signed-in-services';
import { trackUnread } from './unread-badge';

const BOB = { channelId: 'bob', channelType: 1 };
const TEAM = { channelId: 'team', channelType: 2 };

describe('trackUnread', () => {
  it('follows the unread total across channels, markRead and sign-out', async () => {
    const { services, manager } = await signedInServices();
    const persist = manager.options.onMessage;
    if (!persist) throw new Error('the services gave the manager no persist hook');
    // Already unread before the badge starts: read from the store.
    await persist(incoming({ channelId: 'bob', fromUid: 'bob' }));
    const totals: number[] = [];
    const badge = trackUnread({ services, onTotal: (n) => totals.push(n), logger: silentLogger });
    await vi.waitFor(() => expect(badge.total).toBe(1));

    await persist(incoming({ channelId: 'bob', fromUid: 'bob' }));
    await persist(incoming({ channelId: 'team', channelType: 2, fromUid: 'carol' }));
    // Own messages from another device are not unread.
    await persist(incoming({ channelId: 'team', channelType: 2, fromUid: 'alice' }));
    expect(badge.total).toBe(3);

    await services.markRead(BOB);
    expect(badge.total).toBe(1);
    await services.markRead(TEAM);
    expect(badge.total).toBe(0);
    expect(totals).toEqual([1, 2, 3, 1, 0]);

    await persist(incoming({ channelId: 'bob', fromUid: 'bob' }));
    expect(badge.total).toBe(1);
    await services.signOut();
    expect(badge.total).toBe(0);
    expect(totals.at(-1)).toBe(0);
    badge.dispose();
  });

  it('a list read that started before a channel event does not undo it', async () => {
    let resolveList: (list: ChannelSummary[]) => void = () => {};
    const channelListeners = new Set<(summary: ChannelSummary) => void>();
    const services = {
      manager: {} as never,
      onChannel(listener: (summary: ChannelSummary) => void) {
        channelListeners.add(listener);
        return () => void channelListeners.delete(listener);
      },
      onSnapshot: () => () => {},
      listChannels: () =>
        new Promise<ChannelSummary[]>((resolve) => {
          resolveList = resolve;
        }),
    };
    const badge = trackUnread({ services, onTotal: () => {}, logger: silentLogger });
    const refreshed = badge.refresh();
    channelListeners.forEach((l) => l({ ...BOB, lastMessage: null, unread: 0 }));
    resolveList([
      { ...BOB, lastMessage: null, unread: 4 },
      { ...TEAM, lastMessage: null, unread: 2 },
    ]);
    await refreshed;
    expect(badge.total).toBe(2);
  });

  it('without a signed-in manager it never asks for the channel list', async () => {
    const listChannels = vi.fn(async () => []);
    const badge = trackUnread({
      services: {
        manager: null,
        onChannel: () => () => {},
        onSnapshot: () => () => {},
        listChannels,
      },
      onTotal: () => {},
      logger: silentLogger,
    });
    await badge.refresh();
    expect(listChannels).not.toHaveBeenCalled();
    expect(badge.total).toBe(0);
  });
});
