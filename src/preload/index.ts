import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { unwrapIpcResponse } from '../shared/ipc-channels';
import { createWukongApi } from './bridge-factory';

/**
 * The sandboxed preload: may only require('electron'), so everything else is bundled in. It exposes
 * verbs built by createWukongApi and never ipcRenderer itself.
 */
const api = createWukongApi({
  // The main process answers { ok, value | error }; a failure becomes an Error with its message only.
  invoke: async (channel, payload) => unwrapIpcResponse(await ipcRenderer.invoke(channel, payload)),
  send: (channel, payload) => ipcRenderer.send(channel, payload),
  on: (channel, listener) => {
    // Hand over only the value: the IpcRendererEvent would give the page access to ipcRenderer.
    const wrapped = (_event: IpcRendererEvent, value: unknown): void => listener(value);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
});

contextBridge.exposeInMainWorld('wukong', api);
