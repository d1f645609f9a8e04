/**
 * Drives a SyncEngine from the connection: every transition into `connected` (a CONNACK: first
 * sign-in, reconnect, resume) starts a sync, every transition out of it abandons requests in
 * flight. Repeated `connected` snapshots of one session (RTT updates) start nothing.
 */
import type { ConnectionSnapshot } from '../../../shared/connection';

export interface SnapshotSource {
  on(event: 'snapshot', listener: (s: ConnectionSnapshot) => void): unknown;
  off(event: 'snapshot', listener: (s: ConnectionSnapshot) => void): unknown;
}

export interface SyncTrigger {
  onConnected(): void;
  onDisconnected(): void;
}

/** Returns the detach function. */
export function attachSync(source: SnapshotSource, sync: SyncTrigger): () => void {
  let connected = false;
  const onSnapshot = (s: ConnectionSnapshot): void => {
    const now = s.status === 'connected';
    if (now && !connected) sync.onConnected();
    if (!now && connected) sync.onDisconnected();
    connected = now;
  };
  source.on('snapshot', onSnapshot);
  return () => source.off('snapshot', onSnapshot);
}
