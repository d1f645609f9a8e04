import { initialSnapshot, type ConnectionSnapshot } from '../../shared/connection';

/**
 * The latest connection snapshot, renumbered: each new manager starts its own seq at 0, and the
 * renderer keeps the snapshot with the higher seq, so it would ignore a fresh manager after sign-in.
 */
export interface SnapshotRelay {
  readonly latest: ConnectionSnapshot;
  publish(snapshot: ConnectionSnapshot): void;
}

export function createSnapshotRelay(
  now: () => number,
  emit: (snapshot: ConnectionSnapshot) => void,
): SnapshotRelay {
  let seq = 0;
  let latest = initialSnapshot(now());
  return {
    get latest() {
      return latest;
    },
    publish(snapshot) {
      latest = { ...snapshot, seq: ++seq };
      emit(latest);
    },
  };
}
