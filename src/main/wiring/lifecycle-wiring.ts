import { app } from 'electron';
import type { AppServices } from '../services';
import type { MainWindowHost } from './main-window';

/**
 * Quit means quit: before-quit closes the connection for good (services.shutdown(), which is
 * disconnect(true)) so nothing reconnects, and drops the tray. `onQuitting` runs first, so a
 * closing window is really closed rather than hidden in the tray.
 */
export function wireQuit(services: AppServices, onQuitting: () => void): void {
  app.on('before-quit', () => {
    onQuitting();
    // Every outbox step is already on disk: quitting need not wait for the store to close.
    void services.shutdown();
  });
  app.on('window-all-closed', () => app.quit());
}

/** A second launch or a dock click brings the window back rather than starting anything new. */
export function wireWindowReopening(window: MainWindowHost): void {
  app.on('second-instance', () => window.open());
  app.on('activate', () => window.open());
}
