import type {
  ConnectionReason,
  ConnectionSnapshot,
  ConnectionStatus,
  DiagnosticsEntry,
} from '../../../shared/connection';
import { initialSnapshot } from '../../../shared/connection';
import { DiagnosticsLog } from '../diagnostics/diagnostics-log';

/** Mutable view of the snapshot fields; `seq`/`at` are stamped on emit. */
export type SnapshotState = Omit<ConnectionSnapshot, 'seq' | 'at'>;

export interface CommitExtra {
  delayMs?: number;
  rttMs?: number;
  /** record a diagnostics entry only if the snapshot changed (e.g. every PONG) */
  silent?: boolean;
}

export interface SnapshotHooks {
  now(): number;
  /** Read on every commit: the attempt counter and budget shown in the snapshot. */
  counters(): { failedAttempts: number; maxAttempts: number | null };
  /** Called with a copy of each new snapshot. */
  emit(snapshot: ConnectionSnapshot): void;
}

/** True when a field the UI shows differs from the last emitted snapshot. */
export function snapshotChanged(s: SnapshotState, l: ConnectionSnapshot): boolean {
  return (
    s.status !== l.status ||
    s.reason !== l.reason ||
    s.serverReasonCode !== l.serverReasonCode ||
    s.serverReasonText !== l.serverReasonText ||
    s.attempt !== l.attempt ||
    s.maxAttempts !== l.maxAttempts ||
    s.nextRetryAt !== l.nextRetryAt ||
    s.address !== l.address ||
    s.protocolVersion !== l.protocolVersion ||
    s.nodeId !== l.nodeId ||
    s.lastRttMs !== l.lastRttMs ||
    s.networkOnline !== l.networkOnline
  );
}

/**
 * The connection snapshot the host sees, and the diagnostics log beside it. The manager edits
 * `state` freely; commit() publishes it (with a new seq) only when something changed, so the UI
 * never sees a no-op update, and records every transition for the support export.
 */
export class SnapshotTracker {
  readonly state: SnapshotState;
  readonly log = new DiagnosticsLog();
  private last: ConnectionSnapshot;

  constructor(
    private readonly hooks: SnapshotHooks,
    maxAttempts: number | null,
  ) {
    this.last = { ...initialSnapshot(hooks.now()), maxAttempts };
    const { seq: _seq, at: _at, ...rest } = this.last;
    this.state = rest;
  }

  /** A copy of the last published snapshot. */
  snapshot(): ConnectionSnapshot {
    return { ...this.last };
  }

  set(status: ConnectionStatus, reason: ConnectionReason): void {
    this.state.status = status;
    this.state.reason = reason;
  }

  /** Emits a snapshot if anything changed and records a diagnostics entry. */
  commit(event: string, detail?: string, extra: CommitExtra = {}): void {
    const s = this.state;
    const { failedAttempts, maxAttempts } = this.hooks.counters();
    s.attempt = s.status === 'connected' ? 0 : failedAttempts;
    s.maxAttempts = maxAttempts;
    const l = this.last;
    const changed = snapshotChanged(s, l);
    if (!extra.silent || changed) {
      const entry: DiagnosticsEntry = {
        at: this.hooks.now(),
        event,
        status: s.status,
        reason: s.reason,
        serverReasonCode: s.serverReasonCode,
        attempt: s.attempt,
        address: s.address,
      };
      if (extra.delayMs !== undefined) entry.delayMs = extra.delayMs;
      if (extra.rttMs !== undefined) entry.rttMs = extra.rttMs;
      if (detail !== undefined) entry.detail = detail;
      this.log.add(entry);
    }
    if (!changed) return;
    this.last = { ...s, seq: l.seq + 1, at: this.hooks.now() };
    this.hooks.emit({ ...this.last });
  }

  /** Records a diagnostics entry without touching the snapshot. */
  note(event: string, detail?: string): void {
    const s = this.state;
    const entry: DiagnosticsEntry = {
      at: this.hooks.now(),
      event,
      status: s.status,
      reason: s.reason,
      attempt: s.attempt,
      address: s.address,
    };
    if (detail !== undefined) entry.detail = detail;
    this.log.add(entry);
  }
}
