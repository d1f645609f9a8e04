/**
 * Every IPC channel name, in one place (`domain:verb`). Kept free of runtime dependencies so the
 * sandboxed preload can import it without pulling zod into its bundle; the schemas for each
 * channel live in ipc-contract.ts.
 */

/** renderer -> main, answered (ipcRenderer.invoke / ipcMain.handle) */
export const INVOKE_CHANNELS = {
  getSnapshot: 'connection:get-snapshot',
  connect: 'connection:connect',
  disconnect: 'connection:disconnect',
  retryNow: 'connection:retry-now',
  getAccount: 'account:get',
  getSignInDefaults: 'account:get-sign-in-defaults',
  signIn: 'account:sign-in',
  signOut: 'account:sign-out',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  getDiagnostics: 'diagnostics:get',
  exportDiagnostics: 'diagnostics:export',
  quit: 'app:quit',
  sendMessage: 'messages:send',
  retryMessage: 'messages:retry',
  deleteMessage: 'messages:delete',
  listMessages: 'messages:list',
  listChannels: 'messages:list-channels',
  searchMessages: 'messages:search',
  markRead: 'messages:mark-read',
  getStorageIssues: 'messages:get-storage-issues',
  openExternal: 'shell:open-external',
  getUpdateState: 'update:get-state',
  restartToUpdate: 'update:restart',
} as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[keyof typeof INVOKE_CHANNELS];

/** renderer -> main, fire and forget (ipcRenderer.send / ipcMain.on) */
export const SEND_CHANNELS = {
  reportNetwork: 'network:report',
} as const;
export type SendChannel = (typeof SEND_CHANNELS)[keyof typeof SEND_CHANNELS];

/** main -> renderer (webContents.send / ipcRenderer.on) */
export const EVENT_CHANNELS = {
  snapshot: 'connection:snapshot',
  kick: 'connection:kick',
  message: 'messages:message',
  channel: 'messages:channel',
  storageIssue: 'messages:storage-issue',
  settings: 'settings:changed',
  updateState: 'update:state',
  syncStatus: 'sync:status',
} as const;
export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

/**
 * What crosses the wire for an invoke: Electron's own rejection text ("Error invoking remote
 * method ...: Error: ...") is not fit for people, so handlers answer with an envelope and the
 * bridge turns a failure back into an Error carrying only the handler's message.
 */
export type IpcResponse =
  { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

export function unwrapIpcResponse(response: unknown): unknown {
  if (typeof response === 'object' && response !== null && 'ok' in response) {
    const envelope = response as IpcResponse;
    if (envelope.ok) return envelope.value;
    const error = new Error(envelope.error.message);
    error.name = envelope.error.name;
    throw error;
  }
  throw new Error('Malformed reply from the main process');
}
