import type { RestartOutcome, UpdateState } from '../../shared/updates';

/** What the app's auto-update offers the services (see src/main/auto-update.ts). */
export interface UpdateSource {
  state(): UpdateState;
  onState(listener: (state: UpdateState) => void): () => void;
  restartToUpdate(): Promise<RestartOutcome>;
}

export interface UpdateHub {
  /** The running auto-update, or null (off); attached once it exists. */
  attachUpdates(source: UpdateSource | null): void;
  getUpdateState(): UpdateState;
  restartToUpdate(): Promise<RestartOutcome>;
  onUpdateState(listener: (state: UpdateState) => void): () => void;
}

/** Lets the renderer see the update state and ask for "Restart to update" over IPC. */
export function createUpdateHub(): UpdateHub {
  let source: UpdateSource | null = null;
  let detach = (): void => {};
  const listeners = new Set<(state: UpdateState) => void>();
  const publish = (state: UpdateState): void => {
    for (const listener of listeners) listener(state);
  };
  const hub: UpdateHub = {
    attachUpdates(next) {
      detach();
      source = next;
      detach = next ? next.onState(publish) : () => {};
      publish(hub.getUpdateState());
    },
    getUpdateState: () => source?.state() ?? { kind: 'off' },
    restartToUpdate: async () => (source ? source.restartToUpdate() : 'not-ready'),
    onUpdateState(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return hub;
}
