import { blocksAutoConnect } from '../../shared/connection';
import type { Logger } from './logger';
import type { ManagerLifecycle } from './manager-lifecycle';
import type { SnapshotRelay } from './snapshot-relay';

/** The user's and the OS's say over the connection: connect, disconnect, power and network. */
export function createConnectionControl(
  lifecycle: ManagerLifecycle,
  relay: SnapshotRelay,
  logger: Logger,
  now: () => number,
) {
  return {
    /** Rejects with NotSignedInError without an account; waits for the message store to open. */
    async connect(): Promise<void> {
      await lifecycle.goOnline(lifecycle.managerOrStoredAccount(), (m) => m.connect());
    },

    disconnect(): void {
      lifecycle.wantsOnline = false;
      lifecycle.manager?.disconnect(true, 'userDisconnect');
    },

    async retryNow(): Promise<void> {
      await lifecycle.goOnline(lifecycle.managerOrStoredAccount(), (m) => m.retryNow());
    },

    /** The window was shown or focused: if the user wants to be online and the link is down, connect. */
    appBecameActive(): void {
      const { manager, messaging } = lifecycle;
      if (!lifecycle.wantsOnline || !manager || lifecycle.shuttingDown) return;
      // Still opening the message store: the sign-in (or start) connects as soon as it is open.
      if (messaging && !messaging.settled) return;
      const snapshot = manager.snapshot();
      if (snapshot.status === 'connected' || snapshot.status === 'connecting') return;
      if (blocksAutoConnect(snapshot.reason)) return;
      logger.info('App became active while offline: connecting now');
      if (snapshot.nextRetryAt !== null) manager.retryNow();
      else manager.connect();
    },

    suspend: (): void => lifecycle.manager?.suspend(),
    resume: (): void => lifecycle.manager?.resume(),
    screenUnlocked: (): void => lifecycle.manager?.screenUnlocked(),

    setNetworkOnline(online: boolean): void {
      if (online === lifecycle.networkOnline) return;
      logger.info(online ? 'Network online' : 'Network offline');
      const hadManager = lifecycle.manager !== null;
      lifecycle.setNetworkOnline(online);
      // Without a manager nothing else reports it: the status bar still shows "offline".
      if (!hadManager) relay.publish({ ...relay.latest, networkOnline: online, at: now() });
    },
  };
}
