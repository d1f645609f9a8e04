import type { ConnectionSnapshot } from '../../../shared/connection';
import { describeStatus } from '../status/status-view';

/** Which promise the composer can honestly make about a message written while not connected. */
export type OfflineNote = 'auto' | 'connect' | 'signIn';

/** i18n key of each note. */
export const OFFLINE_NOTE_KEYS = {
  auto: 'chat.offlineNote',
  connect: 'chat.offlineNoteConnect',
  signIn: 'chat.offlineNoteSignIn',
} as const satisfies Record<OfflineNote, string>;

/**
 * null when connected. 'auto' only when something will reconnect by itself (a retry is scheduled,
 * an attempt is running, or the network is awaited); after the person disconnected or the retries
 * gave up it takes a Connect, and after a kick or a refused token a new sign-in.
 */
export function offlineNoteOf(snapshot: ConnectionSnapshot): OfflineNote | null {
  switch (describeStatus(snapshot).kind) {
    case 'connected':
      return null;
    case 'connecting':
    case 'reconnecting':
    case 'unreachable':
    case 'offline':
      return snapshot.reason === 'userDisconnect' ? 'connect' : 'auto';
    case 'kicked':
    case 'tokenRejected':
    case 'banned':
      return 'signIn';
    case 'disconnected':
    case 'failed':
      return 'connect';
  }
}
