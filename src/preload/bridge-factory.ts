import type { WukongApi } from '../shared/bridge-api';
import type { ConnectionSnapshot, KickEvent } from '../shared/connection';
import type { ChannelSummary, HistoryEntry, StorageIssueInfo } from '../shared/messages';
import type { Settings } from '../shared/settings';
import type { UpdateState } from '../shared/updates';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-channels';

/**
 * How the bridge reaches the main process. Electron IPC in the app (preload/index.ts); a WebSocket
 * in browser-hosted tests. `on` must hand over only the value, never a transport event object,
 * and return a function that removes exactly that listener.
 */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  send(channel: string, payload: unknown): void;
  on(channel: string, listener: (value: unknown) => void): () => void;
}

/**
 * Builds window.wukong from a transport: named verbs only, never the transport itself. Payloads are
 * validated in the main process (the renderer is not trusted), so this file stays free of zod and
 * keeps the sandboxed preload bundle small.
 */
export function createWukongApi(transport: BridgeTransport): WukongApi {
  const call = async <T>(channel: string, payload?: unknown): Promise<T> =>
    (await transport.invoke(channel, payload)) as T;

  const subscribe = <T>(channel: string, listener: (value: T) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let active = true;
    const off = transport.on(channel, (value) => {
      if (active) listener(value as T);
    });
    // Idempotent: calling the unsubscribe twice must not remove someone else's listener.
    return () => {
      if (!active) return;
      active = false;
      off();
    };
  };

  const api: WukongApi = {
    getSnapshot: () => call(INVOKE_CHANNELS.getSnapshot),
    getAccount: () => call(INVOKE_CHANNELS.getAccount),
    getSignInDefaults: () => call(INVOKE_CHANNELS.getSignInDefaults),
    signIn: (request) => call(INVOKE_CHANNELS.signIn, request),
    connect: () => call(INVOKE_CHANNELS.connect),
    disconnect: () => call(INVOKE_CHANNELS.disconnect),
    retryNow: () => call(INVOKE_CHANNELS.retryNow),
    signOut: () => call(INVOKE_CHANNELS.signOut),
    getSettings: () => call(INVOKE_CHANNELS.getSettings),
    updateSettings: (patch) => call(INVOKE_CHANNELS.updateSettings, patch),
    getDiagnostics: () => call(INVOKE_CHANNELS.getDiagnostics),
    exportDiagnostics: () => call(INVOKE_CHANNELS.exportDiagnostics),
    reportNetwork: (online) => transport.send(SEND_CHANNELS.reportNetwork, online),
    quit: () => call(INVOKE_CHANNELS.quit),
    openExternal: (url) => call(INVOKE_CHANNELS.openExternal, { url }),
    onSnapshot: (listener) => subscribe<ConnectionSnapshot>(EVENT_CHANNELS.snapshot, listener),
    onKick: (listener) => subscribe<KickEvent>(EVENT_CHANNELS.kick, listener),
    onSettings: (listener) => subscribe<Settings>(EVENT_CHANNELS.settings, listener),
    // Positional arguments become one payload object: the contract validates a single value.
    sendMessage: (channel, text) => call(INVOKE_CHANNELS.sendMessage, { channel, text }),
    retryMessage: (clientMsgNo) => call(INVOKE_CHANNELS.retryMessage, { clientMsgNo }),
    listMessages: (channel, options) =>
      call(INVOKE_CHANNELS.listMessages, { channel, ...definedOnly(options) }),
    listChannels: () => call(INVOKE_CHANNELS.listChannels),
    markRead: (channel) => call(INVOKE_CHANNELS.markRead, { channel }),
    onMessage: (listener) => subscribe<HistoryEntry>(EVENT_CHANNELS.message, listener),
    onChannel: (listener) => subscribe<ChannelSummary>(EVENT_CHANNELS.channel, listener),
    getStorageIssues: () => call(INVOKE_CHANNELS.getStorageIssues),
    getUpdateState: () => call(INVOKE_CHANNELS.getUpdateState),
    restartToUpdate: () => call(INVOKE_CHANNELS.restartToUpdate),
    onUpdateState: (listener) => subscribe<UpdateState>(EVENT_CHANNELS.updateState, listener),
    onStorageIssue: (listener) =>
      subscribe<StorageIssueInfo>(EVENT_CHANNELS.storageIssue, listener),
  };
  return Object.freeze(api);
}

/**
 * The options without undefined values, so `{ limit: undefined }` reaches the main process the same
 * over Electron's structured clone and over JSON. Anything that is not an object is passed on as is,
 * for the main process to refuse by name.
 */
function definedOnly(options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') return { options };
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
