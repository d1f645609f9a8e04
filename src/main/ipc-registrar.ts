import { pathToFileURL } from 'node:url';
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { IpcResponse } from '../shared/ipc-contract';
import type { IpcHandlers } from './services/ipc-handlers';
import type { Logger } from './services/logger';
import type { Redactor } from '../shared/redact';
import { isAppUrl } from './app-url';
import type { RendererEntry } from './window-factory';

/** Decides whether a URL is our own renderer page (not some other page that got loaded). */
export type TrustedUrlCheck = (url: string) => boolean;

/**
 * Built file: exactly that file (query and hash ignored), since every file:// URL shares the
 * "null" origin. Dev server: same origin as the server.
 */
export function trustedUrlCheckFor(entry: RendererEntry): TrustedUrlCheck {
  // app:// URLs have the opaque origin "null" (like file://): compare scheme and host instead.
  if (entry.kind === 'app') return isAppUrl;
  if (entry.kind === 'file') {
    const expected = pathToFileURL(entry.path).href;
    return (url) => {
      try {
        const parsed = new URL(url);
        return (
          parsed.protocol === 'file:' && `file://${parsed.host}${parsed.pathname}` === expected
        );
      } catch {
        return false;
      }
    };
  }
  const origin = new URL(entry.url).origin;
  return (url) => {
    try {
      return new URL(url).origin === origin;
    } catch {
      return false;
    }
  };
}

export interface RegistrarOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  isTrustedUrl: TrustedUrlCheck;
  logger: Logger;
  redactor: Redactor;
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame'>;

/** Why a sender is refused, or null when it is our own top-level page. */
export function senderProblem(event: SenderEvent, isTrustedUrl: TrustedUrlCheck): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  // Only the top frame of our page may call: an iframe (even same-origin) is never trusted.
  if (frame.parent !== null) return 'not the top frame';
  if (!isTrustedUrl(frame.url)) return `untrusted origin ${safeOrigin(frame.url)}`;
  return null;
}

function safeOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? 'file://' : parsed.origin;
  } catch {
    return '(invalid url)';
  }
}

/**
 * The one place that talks to ipcMain: every channel of the contract is registered here, each call
 * checked for sender (own page, top frame) before its handler (which validates the payload) runs.
 * Failures come back as `{ ok: false, error }` with a message people can read, and are logged.
 * Returns a function that unregisters everything.
 */
export function registerIpcHandlers(handlers: IpcHandlers, options: RegistrarOptions): () => void {
  const { ipcMain, isTrustedUrl, logger, redactor } = options;
  const cleanups: (() => void)[] = [];

  for (const [channel, handler] of Object.entries(handlers.invoke) as [
    string,
    (payload: unknown) => Promise<unknown>,
  ][]) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResponse> => {
      const problem = senderProblem(event, isTrustedUrl);
      if (problem) {
        logger.warn('Refused IPC call', { channel, problem });
        return {
          ok: false,
          error: { name: 'ForbiddenSenderError', message: `Refused ${channel}: ${problem}` },
        };
      }
      try {
        return { ok: true, value: await handler(payload) };
      } catch (error) {
        const { name, message } = describeError(error);
        logger.warn('IPC call failed', { channel, name, message: redactor.redactText(message) });
        return { ok: false, error: { name, message: redactor.redactText(message) } };
      }
    });
    cleanups.push(() => ipcMain.removeHandler(channel));
  }

  for (const [channel, handler] of Object.entries(handlers.send) as [
    string,
    (payload: unknown) => void,
  ][]) {
    const listener = (event: IpcMainEvent, payload: unknown): void => {
      const problem = senderProblem(event, isTrustedUrl);
      if (problem) {
        logger.warn('Refused IPC message', { channel, problem });
        return;
      }
      try {
        handler(payload);
      } catch (error) {
        const { name, message } = describeError(error);
        logger.warn('IPC message rejected', {
          channel,
          name,
          message: redactor.redactText(message),
        });
      }
    };
    ipcMain.on(channel, listener);
    cleanups.push(() => ipcMain.removeListener(channel, listener));
  }

  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
}

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
