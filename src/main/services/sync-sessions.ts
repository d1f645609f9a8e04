import type { ChannelRef } from '../../shared/messages';
import type { ServerAddress } from '../../shared/settings';
import type { SyncStatus } from '../../shared/sync-status';
import type { ConnectionManagerApi } from '../im/manager/types';
import type { MessagingService, SqliteSyncTarget } from '../im/messaging';
import type * as SyncModuleNamespace from '../im/sync';
import type { FetchLike, SyncEngine, SyncEngineOptions, SyncProvider } from '../im/sync';
import { errorMessage } from '../../shared/error-message';
import { toAddressOption } from './connection-options';
import type { Logger } from './logger';
import type { MessagingSession } from './messaging-sessions';

export interface SyncSessionsOptions {
  logger: Logger;
  /** the configured API base URL (a setting); null/empty = derived from the server address */
  configuredApiBaseUrl: () => string | null | undefined;
  onState: (state: SyncStatus) => void;
  /** tests: another fetch, shorter retries */
  fetch?: FetchLike;
  overrides?: Partial<Omit<SyncEngineOptions, 'provider' | 'target' | 'uid'>>;
  /** per request; default the provider's 15 s */
  timeoutMs?: number;
}

/** Most time a list call waits for older history from the server before showing what is stored. */
export const LOAD_OLDER_WAIT_MS = 8000;

type SyncModule = typeof SyncModuleNamespace;

/**
 * The sync API as the settings say now: the address is worked out for every request, so a
 * corrected API base URL applies at once, without signing in again.
 */
function providerFollowingSetting(
  sync: SyncModule,
  server: ServerAddress,
  options: SyncSessionsOptions,
): SyncProvider {
  let cached: { url: string; provider: SyncProvider } | null = null;
  const providerNow = (): SyncProvider => {
    const url = sync.apiBaseUrl(toAddressOption(server), options.configuredApiBaseUrl());
    if (cached?.url !== url) {
      cached = {
        url,
        provider: new sync.WuKongIMSyncProvider({
          baseUrl: url,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          onDropped: (count, endpoint) =>
            options.logger.warn('The sync API sent malformed items (dropped)', { count, endpoint }),
        }),
      };
      options.logger.info('Offline sync API', { apiBaseUrl: url });
    }
    return cached.provider;
  };
  return {
    syncConversations: (r, signal) => providerNow().syncConversations(r, signal),
    syncChannelMessages: (r, signal) => providerNow().syncChannelMessages(r, signal),
    setUnread: (uid, c, n, signal) => providerNow().setUnread(uid, c, n, signal),
  };
}

/**
 * The offline sync of the signed-in account: one SyncEngine per manager + message store, started
 * once the store is open, driven by the manager's CONNACKs (attachSync) and by stored RECVs
 * (gap detection), stopped with the account. Its state ('syncing' while a run after a
 * (re)connect is under way) goes to the renderer's status bar.
 */
// Longer than 60 lines: a factory whose body is one object's private state and its short methods.
export function createSyncSessions(options: SyncSessionsOptions) {
  const { logger } = options;
  interface Running {
    engine: SyncEngine;
    service: MessagingService;
    target: SqliteSyncTarget;
    manager: ConnectionManagerApi;
  }
  let current: Running | null = null;
  let state: SyncStatus = 'idle';
  const setState = (next: SyncStatus): void => {
    if (next === state) return;
    state = next;
    options.onState(next);
  };

  /** Runs an engine for an open store until the returned stop function is called. */
  const run = (
    sync: SyncModule,
    pageSizes: Pick<SyncEngineOptions, 'conversationsPerPage' | 'pageLimit'>,
    manager: ConnectionManagerApi,
    session: MessagingSession,
    service: MessagingService,
    server: ServerAddress,
  ): (() => Promise<void>) => {
    const target = service.createSyncTarget();
    const engine = new sync.SyncEngine({
      ...pageSizes,
      ...options.overrides,
      provider: providerFollowingSetting(sync, server, options),
      target,
      uid: () => session.uid,
    });
    engine.on('state', (s) => {
      if (current?.engine === engine) setState(s);
    });
    engine.on('error', (error) =>
      logger.warn('Offline sync failed; it will try again', { error: error.message }),
    );
    const onReceived = (channels: ChannelRef[]): void => {
      for (const c of channels) engine.noteReceived(c);
    };
    service.on('received', onReceived);
    const detach = sync.attachSync(manager, engine);
    current = { engine, service, target, manager };
    logger.info('Offline sync started', { uid: session.uid });
    // the CONNACK may have come while the store was opening
    if (manager.snapshot().status === 'connected') engine.onConnected();
    return async () => {
      detach();
      service.off('received', onReceived);
      if (current?.engine === engine) {
        current = null;
        setState('idle');
      }
      await engine.stop();
    };
  };

  /** Starts syncing for `session` once its store is open; returns the stop function. */
  const begin = (
    manager: ConnectionManagerApi,
    session: MessagingSession,
    server: ServerAddress,
  ): (() => Promise<void>) => {
    let stopped = false;
    let stop: () => Promise<void> = async () => {};
    const started = (async () => {
      let service: MessagingService;
      try {
        service = await session.service();
      } catch {
        return; // no store (closed, or it failed to open and that is reported already)
      }
      if (stopped) return;
      const sync = await import('../im/sync');
      const { STORE_PAGE_SIZES } = await import('../im/messaging');
      if (stopped) return;
      stop = run(sync, STORE_PAGE_SIZES, manager, session, service, server);
    })();
    return async () => {
      stopped = true;
      await started;
      await stop();
    };
  };

  return {
    begin,
    /** The running engine (tests, diagnostics). */
    engine: (): SyncEngine | null => current?.engine ?? null,
    state: (): SyncStatus => state,
    /** Marks the chat read on the server too (in the background; failures wait for a CONNACK). */
    markRead(channel: ChannelRef): void {
      void current?.engine.markRead(channel);
    },
    async loadOlder(
      service: MessagingService,
      channel: ChannelRef,
      limit: number,
    ): Promise<boolean> {
      const run = current;
      if (!run || run.service !== service) return false;
      if (run.manager.snapshot().status !== 'connected') return false;
      const oldest = run.target.oldestSeq(channel);
      if (oldest === 0 || run.target.historyCompleteBefore(channel, oldest)) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), LOAD_OLDER_WAIT_MS);
      });
      try {
        // past the wait the page still lands in the store (and reaches the chat as events)
        return await Promise.race([
          run.engine.loadOlder(channel, oldest, limit).then(() => true),
          timeout,
        ]);
      } catch (error) {
        logger.warn('Older messages could not be fetched', { error: errorMessage(error) });
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type SyncSessions = ReturnType<typeof createSyncSessions>;
