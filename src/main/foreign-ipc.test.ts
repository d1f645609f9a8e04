import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-contract';
import { removeForeignIpc, THIRD_PARTY_IPC_CHANNELS } from './foreign-ipc';
import { silentLogger } from './services/logger';

/** An ipcMain stand-in: EventEmitter for .on, a map for .handle (as Electron keeps them). */
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, unknown>();
  handle(channel: string, handler: unknown): void {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/** A library's main-process source (they load electron themselves, so they are read, not run). */
const source = (pkg: string, file: string): string =>
  readFileSync(join(process.cwd(), 'node_modules', pkg, file), 'utf8');

describe('IPC registered by libraries outside the contract', () => {
  it('names the channels the installed electron-log and electron-store register', () => {
    expect(source('electron-log', 'src/main/index.js')).toContain("onIpc('__ELECTRON_LOG__'");
    expect(source('electron-log', 'src/main/index.js')).toContain("onIpcInvoke('__ELECTRON_LOG__'");
    expect(source('electron-store', 'index.js')).toContain("ipcMain.on('electron-store-get-data'");
    expect(THIRD_PARTY_IPC_CHANNELS).toEqual(['__ELECTRON_LOG__', 'electron-store-get-data']);
  });

  it("removes every listener and the libraries' handlers, and keeps the contract's own", () => {
    const ipcMain = new FakeIpcMain();
    const own = vi.fn();
    ipcMain.on(SEND_CHANNELS.reportNetwork, own);
    ipcMain.handle(INVOKE_CHANNELS.getSnapshot, vi.fn());
    ipcMain.on('__ELECTRON_LOG__', vi.fn());
    ipcMain.handle('__ELECTRON_LOG__', vi.fn());
    ipcMain.on('electron-store-get-data', vi.fn());
    ipcMain.on('some-other-library', vi.fn());

    const removed = removeForeignIpc(ipcMain, silentLogger);

    expect(removed.sort()).toEqual([
      '__ELECTRON_LOG__',
      'electron-store-get-data',
      'some-other-library',
    ]);
    expect(ipcMain.eventNames()).toEqual([SEND_CHANNELS.reportNetwork]);
    expect(ipcMain.listeners(SEND_CHANNELS.reportNetwork)).toEqual([own]);
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNELS.getSnapshot]);
  });
});
