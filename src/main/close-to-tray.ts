/**
 * Closing the main window on Windows and Linux keeps the app running in the tray when the person
 * chose so (the default) and a tray exists; the first time, a hint says where it went. On macOS the
 * window's close button only hides it and the app stays in the Dock, as every Mac app does. Quit
 * (menu, tray, Cmd+Q) always quits.
 */
export type CloseAction = 'hide' | 'close';

export interface CloseContext {
  platform: NodeJS.Platform;
  quitting: boolean;
  hasTray: boolean;
  closeToTray: boolean;
}

export function closeAction(context: CloseContext): CloseAction {
  if (context.quitting) return 'close';
  if (context.platform === 'darwin') return 'hide';
  return context.hasTray && context.closeToTray ? 'hide' : 'close';
}

/** What this module needs of the window (a BrowserWindow in the app, a fake in tests). */
export interface ClosableWindow {
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface CloseToTrayOptions extends Omit<
  CloseContext,
  'quitting' | 'hasTray' | 'closeToTray'
> {
  isQuitting(): boolean;
  hasTray(): boolean;
  closeToTray(): boolean;
  /** Whether the "still running" hint was shown before; markHintShown records that it was. */
  hintShown(): boolean;
  markHintShown(): void;
  showHint(): void;
}

export function handleCloseToTray(window: ClosableWindow, options: CloseToTrayOptions): void {
  window.on('close', (event) => {
    const action = closeAction({
      platform: options.platform,
      quitting: options.isQuitting(),
      hasTray: options.hasTray(),
      closeToTray: options.closeToTray(),
    });
    if (action === 'close') return;
    event.preventDefault();
    window.hide();
    if (options.platform !== 'darwin' && !options.hintShown()) {
      options.markHintShown();
      options.showHint();
    }
  });
}
