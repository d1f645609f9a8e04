import { vi } from 'vitest';
import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  WukongApi,
} from '../../shared/bridge-api';
import { initialSnapshot, type ConnectionSnapshot, type KickEvent } from '../../shared/connection';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';

let nextSeq = 1;

/** A snapshot with a fresh seq (each call is "newer" than the last) plus the given fields. */
export function makeSnapshot(fields: Partial<ConnectionSnapshot> = {}): ConnectionSnapshot {
  return { ...initialSnapshot(Date.now()), seq: nextSeq++, ...fields };
}

export const SIGNED_IN: AccountInfo = {
  uid: 'alice',
  server: { kind: 'static', host: 'im.example.com', port: 5100 },
  hasToken: true,
  secureStorageAvailable: true,
};

export const SIGNED_OUT: AccountInfo = { ...SIGNED_IN, hasToken: false };

/**
 * A WukongApi that tests drive by hand: every method is a vi.fn with a sensible default, and
 * emitSnapshot / emitKick play the main process's events.
 */
export class FakeApi {
  snapshot: ConnectionSnapshot = makeSnapshot({ status: 'connected', reason: 'connectSuccess' });
  account: AccountInfo = SIGNED_IN;
  defaults: SignInDefaults = { server: null, uid: null, token: null };
  settings: Settings = DEFAULT_SETTINGS;
  report: DiagnosticsReport | null = null;
  private readonly snapshotListeners = new Set<(s: ConnectionSnapshot) => void>();
  private readonly kickListeners = new Set<(k: KickEvent) => void>();

  readonly api = {
    getSnapshot: vi.fn(async () => this.snapshot),
    getAccount: vi.fn(async () => this.account),
    getSignInDefaults: vi.fn(async () => this.defaults),
    signIn: vi.fn(async () => {}),
    connect: vi.fn(async () => {}),
    disconnect: vi.fn(async () => {}),
    retryNow: vi.fn(async () => {}),
    signOut: vi.fn(async () => {}),
    getSettings: vi.fn(async () => this.settings),
    updateSettings: vi.fn(async (patch: Parameters<WukongApi['updateSettings']>[0]) => {
      this.settings = {
        ...this.settings,
        ...patch,
        connection: { ...this.settings.connection, ...patch.connection },
      } as Settings;
      return this.settings;
    }),
    getDiagnostics: vi.fn(
      async (): Promise<DiagnosticsReport> =>
        this.report ?? {
          snapshot: this.snapshot,
          entries: [],
          appVersion: '0.1.0',
          platform: 'linux',
        },
    ),
    exportDiagnostics: vi.fn(async (): Promise<string | null> => '/tmp/diagnostics.txt'),
    reportNetwork: vi.fn((_online: boolean) => {}),
    quit: vi.fn(async () => {}),
    onSnapshot: vi.fn((listener: (s: ConnectionSnapshot) => void) => {
      this.snapshotListeners.add(listener);
      return (): void => {
        this.snapshotListeners.delete(listener);
      };
    }),
    onKick: vi.fn((listener: (k: KickEvent) => void) => {
      this.kickListeners.add(listener);
      return (): void => {
        this.kickListeners.delete(listener);
      };
    }),
  } satisfies WukongApi;

  get listenerCount(): number {
    return this.snapshotListeners.size + this.kickListeners.size;
  }

  /** Emits a snapshot as the main process would (and makes it the one getSnapshot returns). */
  emitSnapshot(fields: Partial<ConnectionSnapshot>): ConnectionSnapshot {
    this.snapshot = makeSnapshot(fields);
    for (const listener of this.snapshotListeners) listener(this.snapshot);
    return this.snapshot;
  }

  emitKick(kick: KickEvent): void {
    for (const listener of this.kickListeners) listener(kick);
  }
}

/** A promise with its resolve exposed, to hold a bridge call open. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
