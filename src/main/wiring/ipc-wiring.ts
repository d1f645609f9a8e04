import { ipcMain } from 'electron';
import type { Redactor } from '../../shared/redact';
import { removeForeignIpc } from '../foreign-ipc';
import { registerIpcHandlers, trustedUrlCheckFor } from '../ipc-registrar';
import { createIpcHandlers, forwardEvents, type AppServices } from '../services';
import type { Logger } from '../services/logger';
import type { RendererEntry } from '../window-factory';
import type { MainWindowHost } from './main-window';

/**
 * The renderer's verbs answered by the services, only for our own page. Listeners that libraries
 * (electron-log, electron-store) add on their own would bypass that sender check: they go.
 */
export function wireIpcHandlers(
  services: AppServices,
  entry: RendererEntry,
  logger: Logger,
  redactor: Redactor,
): () => void {
  const unregister = registerIpcHandlers(createIpcHandlers(services), {
    ipcMain,
    isTrustedUrl: trustedUrlCheckFor(entry),
    logger,
    redactor,
  });
  removeForeignIpc(ipcMain, logger);
  return unregister;
}

/** The services' events (snapshots, kicks, messages, settings...) reach the window. */
export function forwardEventsToWindow(services: AppServices, window: MainWindowHost): () => void {
  return forwardEvents(services, (channel, value) => window.send(channel, value));
}
