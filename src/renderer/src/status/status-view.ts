import {
  needsSignIn,
  type ConnectionSnapshot,
  type SignInRequiredReason,
} from '../../../shared/connection';

/** What the status bar shows; each kind has its own words and icon shape (UX.md). */
export type StatusKind =
  | 'connected'
  | 'connecting'
  | 'reconnecting'
  | 'unreachable'
  | 'offline'
  | 'disconnected'
  | 'failed'
  | 'kicked'
  | 'tokenRejected'
  | 'banned';

export interface StatusView {
  kind: StatusKind;
  /** Epoch ms of the next attempt (reconnecting / unreachable), from the snapshot. */
  nextRetryAt: number | null;
  attempt: number;
  maxAttempts: number | null;
}

/** After this many failed attempts in a row the words say the server is the problem. */
export const UNREACHABLE_AFTER_ATTEMPTS = 3;

/** Kinds that offer "Retry now". */
export const WAITING_KINDS: readonly StatusKind[] = ['reconnecting', 'unreachable'];

/** Each reason that needs a new sign-in has its own words (the record must cover every one). */
const ACCOUNT_PROBLEM_KINDS: Record<SignInRequiredReason, StatusKind> = {
  kickOff: 'kicked',
  authFail: 'tokenRejected',
  banned: 'banned',
};

function kindOf(s: ConnectionSnapshot): StatusKind {
  if (s.status === 'connected') return 'connected';
  if (s.status === 'connecting') return 'connecting';
  // Offline is its own state: no attempts happen, and it is not the server's fault.
  if (!s.networkOnline || s.reason === 'noNetwork') return 'offline';
  if (needsSignIn(s.reason)) return ACCOUNT_PROBLEM_KINDS[s.reason];
  if (s.reason === 'suspended') return 'connecting';
  if (s.nextRetryAt !== null) {
    return s.attempt >= UNREACHABLE_AFTER_ATTEMPTS ? 'unreachable' : 'reconnecting';
  }
  if (s.reason === 'maxAttemptsReached' || s.status === 'connectFail') return 'failed';
  return 'disconnected';
}

/** Pure: the snapshot decides everything, the renderer never guesses (ARCHITECTURE.md). */
export function describeStatus(snapshot: ConnectionSnapshot): StatusView {
  return {
    kind: kindOf(snapshot),
    nextRetryAt: snapshot.nextRetryAt,
    attempt: snapshot.attempt,
    maxAttempts: snapshot.maxAttempts,
  };
}

/** Whole seconds until `target`, rounded up, never negative. */
export function secondsUntil(target: number, now: number): number {
  return Math.max(0, Math.ceil((target - now) / 1000));
}
