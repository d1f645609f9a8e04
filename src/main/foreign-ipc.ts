import type { IpcMain } from 'electron';
import { INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-contract';
import type { Logger } from './services/logger';

/**
 * IPC that libraries register on their own, outside the registrar's sender check: electron-log
 * (a renderer logging into our log file, on import) and electron-store (its renderer-side data
 * request, when a Store is made). The app uses neither from the renderer, so they are removed.
 */
export const THIRD_PARTY_IPC_CHANNELS = ['__ELECTRON_LOG__', 'electron-store-get-data'] as const;

const OWN_CHANNELS: ReadonlySet<string> = new Set<string>([
  ...Object.values(INVOKE_CHANNELS),
  ...Object.values(SEND_CHANNELS),
]);

/**
 * Removes every ipcMain listener on a channel that is not the contract's, and the known
 * libraries' invoke handlers (ipcMain does not list those). Call after the libraries are set up
 * (logging, the settings store); returns the channels it removed.
 */
/** The part of ipcMain this needs (an EventEmitter plus removeHandler). */
export interface IpcMainListeners {
  eventNames(): (string | symbol)[];
  removeAllListeners(event: string): unknown;
  removeHandler: IpcMain['removeHandler'];
}

export function removeForeignIpc(ipcMain: IpcMainListeners, logger: Logger): string[] {
  const removed = new Set<string>();
  for (const name of ipcMain.eventNames()) {
    if (typeof name !== 'string' || OWN_CHANNELS.has(name)) continue;
    ipcMain.removeAllListeners(name);
    removed.add(name);
  }
  for (const channel of THIRD_PARTY_IPC_CHANNELS) ipcMain.removeHandler(channel);
  if (removed.size > 0) {
    logger.info('Removed IPC listeners registered outside the contract', {
      channels: [...removed],
    });
  }
  return [...removed];
}
