import { compareChannelRecency } from '../../shared/channel-order';
import type { SyncStatus } from '../../shared/sync-status';
import { vi } from 'vitest';
import type {
  AccountInfo,
  DiagnosticsReport,
  SignInDefaults,
  WukongApi,
} from '../../shared/bridge-api';
import { initialSnapshot, type ConnectionSnapshot, type KickEvent } from '../../shared/connection';
import type {
  ChannelRef,
  ChannelSummary,
  HistoryEntry,
  StorageIssueInfo,
} from '../../shared/messages';
import type { SearchHit } from '../../shared/search';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { RestartOutcome, UpdateState } from '../../shared/updates';

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

function keyOf(c: ChannelRef): string {
  return `${c.channelType}:${c.channelId}`;
}

/**
 * A WukongApi that tests drive by hand: every method is a vi.fn with a sensible default, and
 * emitSnapshot / emitKick / emitMessage / emitChannel play the main process's events. Messaging
 * keeps an in-memory history like the main process: sendMessage stores the entry as 'queued',
 * emits it (and the channel) and then resolves with it, so the renderer sees it twice.
 */
export class FakeApi {
  snapshot: ConnectionSnapshot = makeSnapshot({ status: 'connected', reason: 'connectSuccess' });
  account: AccountInfo = SIGNED_IN;
  defaults: SignInDefaults = { server: null, uid: null, token: null };
  settings: Settings = DEFAULT_SETTINGS;
  /** what getUpdateState answers (emitUpdateState changes it) */
  update: UpdateState = { kind: 'off' };
  readonly updateListeners = new Set<(s: UpdateState) => void>();
  emitUpdateState(state: UpdateState): void {
    this.update = state;
    for (const listener of this.updateListeners) listener(state);
  }
  readonly syncStatusListeners = new Set<(s: SyncStatus) => void>();
  /** plays the offline sync's status event */
  emitSyncStatus(status: SyncStatus): void {
    for (const listener of this.syncStatusListeners) listener(status);
  }
  report: DiagnosticsReport | null = null;
  /** what getStorageIssues answers (emitStorageIssue appends) */
  storageIssues: StorageIssueInfo[] = [];
  private readonly settingsListeners = new Set<(s: Settings) => void>();
  private readonly storageIssueListeners = new Set<(i: StorageIssueInfo) => void>();
  private readonly snapshotListeners = new Set<(s: ConnectionSnapshot) => void>();
  private readonly kickListeners = new Set<(k: KickEvent) => void>();
  private readonly messageListeners = new Set<(e: HistoryEntry) => void>();
  private readonly channelListeners = new Set<(c: ChannelSummary) => void>();
  /** every entry by channel key, oldest first */
  readonly history = new Map<string, HistoryEntry[]>();
  readonly unread = new Map<string, number>();
  private nextOrder = 1;
  private nextMsgNo = 1;

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
          storageIssues: this.storageIssues,
        },
    ),
    exportDiagnostics: vi.fn(async (): Promise<string | null> => '/tmp/diagnostics.txt'),
    reportNetwork: vi.fn((_online: boolean) => {}),
    quit: vi.fn(async () => {}),
    openExternal: vi.fn(async (_url: string) => {}),
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
    onSettings: vi.fn((listener: (s: Settings) => void) => {
      this.settingsListeners.add(listener);
      return (): void => {
        this.settingsListeners.delete(listener);
      };
    }),
    getStorageIssues: vi.fn(async (): Promise<StorageIssueInfo[]> => [...this.storageIssues]),
    getUpdateState: vi.fn(async (): Promise<UpdateState> => this.update),
    restartToUpdate: vi.fn(async (): Promise<RestartOutcome> => 'restarting'),
    onUpdateState: vi.fn((listener: (s: UpdateState) => void) => {
      this.updateListeners.add(listener);
      return (): void => {
        this.updateListeners.delete(listener);
      };
    }),
    onSyncStatus: vi.fn((listener: (s: SyncStatus) => void) => {
      this.syncStatusListeners.add(listener);
      return (): void => {
        this.syncStatusListeners.delete(listener);
      };
    }),
    onStorageIssue: vi.fn((listener: (i: StorageIssueInfo) => void) => {
      this.storageIssueListeners.add(listener);
      return (): void => {
        this.storageIssueListeners.delete(listener);
      };
    }),
    sendMessage: vi.fn(async (channel: ChannelRef, text: string): Promise<HistoryEntry> => {
      const entry = this.makeEntry({
        ...channel,
        text,
        own: true,
        fromUid: this.account.uid ?? 'alice',
        state: 'queued',
      });
      this.emitMessage(entry);
      return entry;
    }),
    retryMessage: vi.fn(async (clientMsgNo: string): Promise<HistoryEntry> => {
      const found = this.findEntry(clientMsgNo);
      if (!found || found.state !== 'failed') throw new Error(`no failed message ${clientMsgNo}`);
      const { failReason: _reason, failCode: _code, ...rest } = found;
      const entry: HistoryEntry = { ...rest, state: 'queued' };
      this.emitMessage(entry);
      return entry;
    }),
    deleteMessage: vi.fn(async (clientMsgNo: string): Promise<void> => {
      const found = this.findEntry(clientMsgNo);
      if (!found || (found.state !== 'failed' && found.state !== 'queued'))
        throw new Error(`no queued or failed message ${clientMsgNo}`);
      const list = this.history.get(keyOf(found)) ?? [];
      list.splice(list.indexOf(found), 1);
      // As the main process does: the chat list preview follows the removal.
      this.emitChannelOf(found);
    }),
    listMessages: vi.fn(
      async (
        channel: ChannelRef,
        options: { limit?: number; beforeOrder?: number } = {},
      ): Promise<HistoryEntry[]> => {
        const all = this.history.get(keyOf(channel)) ?? [];
        const before = options.beforeOrder;
        const older = before === undefined ? all : all.filter((e) => e.order < before);
        return older.slice(-(options.limit ?? 50));
      },
    ),
    listChannels: vi.fn(async (): Promise<ChannelSummary[]> => {
      const list = [...this.history.keys()].map((key) => this.summaryOf(key));
      return list.sort(compareChannelRecency);
    }),
    // A plain substring match over the fake's history, newest first, like the real store.
    searchMessages: vi.fn(async (query: string): Promise<SearchHit[]> => {
      const q = query.trim().toLowerCase();
      if (q === '') return [];
      const all = [...this.history.values()].flat();
      return all
        .filter((e) => e.text.toLowerCase().includes(q))
        .sort((a, b) => b.order - a.order)
        .map((message) => {
          const at = message.text.toLowerCase().indexOf(q);
          return { message, snippet: message.text, match: [at, at + q.length] };
        });
    }),
    markRead: vi.fn(async (channel: ChannelRef): Promise<void> => {
      const key = keyOf(channel);
      if ((this.unread.get(key) ?? 0) === 0) return;
      this.unread.set(key, 0);
      this.emitChannelOf(channel);
    }),
    onMessage: vi.fn((listener: (e: HistoryEntry) => void) => {
      this.messageListeners.add(listener);
      return (): void => {
        this.messageListeners.delete(listener);
      };
    }),
    onChannel: vi.fn((listener: (c: ChannelSummary) => void) => {
      this.channelListeners.add(listener);
      return (): void => {
        this.channelListeners.delete(listener);
      };
    }),
  } satisfies WukongApi;

  get listenerCount(): number {
    return (
      this.snapshotListeners.size +
      this.kickListeners.size +
      this.messageListeners.size +
      this.channelListeners.size +
      this.settingsListeners.size +
      this.storageIssueListeners.size
    );
  }

  /** A history entry with a fresh order and clientMsgNo (not stored, not emitted). */
  makeEntry(fields: Partial<HistoryEntry> & ChannelRef): HistoryEntry {
    const n = this.nextMsgNo++;
    return {
      clientMsgNo: `cmn-${n}`,
      messageId: null,
      messageSeq: null,
      fromUid: fields.channelId,
      own: false,
      contentType: 1,
      text: `message ${n}`,
      // A second apart, in the order written, as a live conversation's messages are.
      timestamp: Date.UTC(2025, 0, 2, 6, 30) + n * 1000,
      state: 'received',
      order: this.nextOrder++,
      ...fields,
    };
  }

  /** Stores (insert or replace by clientMsgNo) without telling anyone: history before start-up. */
  store(entry: HistoryEntry): HistoryEntry {
    const key = keyOf(entry);
    const list = (this.history.get(key) ?? []).filter((e) => e.clientMsgNo !== entry.clientMsgNo);
    list.push(entry);
    list.sort((a, b) => a.order - b.order);
    this.history.set(key, list);
    return entry;
  }

  findEntry(clientMsgNo: string): HistoryEntry | undefined {
    for (const list of this.history.values()) {
      const found = list.find((e) => e.clientMsgNo === clientMsgNo);
      if (found) return found;
    }
    return undefined;
  }

  summaryOf(key: string): ChannelSummary {
    const list = this.history.get(key) ?? [];
    const at = key.indexOf(':');
    return {
      channelType: Number(key.slice(0, at)),
      channelId: key.slice(at + 1),
      lastMessage: list.at(-1) ?? null,
      unread: this.unread.get(key) ?? 0,
    };
  }

  /** Stores the entry and emits it and its channel, as the main process does on every change. */
  emitMessage(entry: HistoryEntry): HistoryEntry {
    this.store(entry);
    for (const listener of this.messageListeners) listener(entry);
    this.emitChannelOf(entry);
    return entry;
  }

  /** An own message changed state (sending, sent, failed). */
  updateMessage(clientMsgNo: string, fields: Partial<HistoryEntry>): HistoryEntry {
    const found = this.findEntry(clientMsgNo);
    if (!found) throw new Error(`no message ${clientMsgNo}`);
    return this.emitMessage({ ...found, ...fields });
  }

  /** Someone else's message arrives: stored, unread + 1, both events. */
  receive(from: string, text: string, channel: ChannelRef = { channelId: from, channelType: 1 }) {
    const key = keyOf(channel);
    this.unread.set(key, (this.unread.get(key) ?? 0) + 1);
    return this.emitMessage(this.makeEntry({ ...channel, fromUid: from, text }));
  }

  emitChannelOf(channel: ChannelRef): ChannelSummary {
    const summary = this.summaryOf(keyOf(channel));
    this.emitChannel(summary);
    return summary;
  }

  emitChannel(summary: ChannelSummary): void {
    for (const listener of this.channelListeners) listener(summary);
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

  /** The settings changed in the main process (saved elsewhere); getSettings answers them too. */
  emitSettings(settings: Settings): void {
    this.settings = settings;
    for (const listener of this.settingsListeners) listener(settings);
  }

  /** A storage problem, as the main process reports it (getStorageIssues lists it too). */
  emitStorageIssue(issue: StorageIssueInfo): void {
    this.storageIssues = [...this.storageIssues, issue];
    for (const listener of this.storageIssueListeners) listener(issue);
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
