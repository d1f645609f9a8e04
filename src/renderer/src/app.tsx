import { useEffect, useRef, type RefObject } from 'react';
import type { i18n } from 'i18next';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { AnnouncerProvider } from './a11y/announcer';
import { DiagnosticsDialog } from './dialogs/diagnostics-dialog';
import { KickedDialog } from './dialogs/kicked-dialog';
import { SettingsDialog } from './dialogs/settings-dialog';
import { resolveLanguage } from './i18n/i18n';
import { AccountProblemScreen } from './screens/account-problem-screen';
import { QuitScreen } from './screens/quit-screen';
import { MainShell } from './shell/main-shell';
import { usePreferencesShortcut } from './shell/use-preferences-shortcut';
import { SignInScreen } from './signin/sign-in-screen';
import type { AppStore } from './store/app-store';
import { deriveScreen } from './store/screen';
import { StoreContext, useApp } from './store/store-context';

/** Keeps i18n, <html lang> and <html data-theme> in step with the settings and the OS. */
function useLocaleAndTheme(): void {
  const { i18n } = useTranslation();
  const locale = useApp((s) => s.settings?.locale);
  const theme = useApp((s) => s.settings?.theme);

  useEffect(() => {
    const language = resolveLanguage(locale, navigator.language);
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, locale]);

  useEffect(() => {
    const root = document.documentElement;
    // "system" leaves the choice to prefers-color-scheme in the stylesheet.
    if (theme === 'light' || theme === 'dark') root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}

/** Subscribes to the bridge for the app's lifetime and reports the browser's network events. */
function useBridge(): void {
  const start = useApp((s) => s.start);
  const stop = useApp((s) => s.stop);
  const reportNetwork = useApp((s) => s.reportNetwork);

  useEffect(() => {
    void start();
    return stop;
  }, [start, stop]);

  useEffect(() => {
    const report = (): void => reportNetwork(navigator.onLine);
    report();
    window.addEventListener('online', report);
    window.addEventListener('offline', report);
    return () => {
      window.removeEventListener('online', report);
      window.removeEventListener('offline', report);
    };
  }, [reportNetwork]);
}

/**
 * After the window changes screen, focus must not be left on <body> (the control that had it is
 * gone): it goes to the new screen's first useful control, marked data-screen-focus. A screen that
 * placed focus itself (sign-in fields, a dialog) keeps it.
 */
function useScreenFocus(screen: string, root: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    root.current?.querySelector<HTMLElement>('[data-screen-focus]')?.focus();
  }, [screen, root]);
}

function Screens() {
  const { t } = useTranslation();
  const snapshot = useApp((s) => s.snapshot);
  const kick = useApp((s) => s.kick);
  const overlay = useApp((s) => s.overlay);
  const loadError = useApp((s) => s.loadError);
  const quitDone = useApp((s) => s.quitDone);
  const screen = useApp((s) => (s.quitDone ? 'quit' : deriveScreen(s)));
  const rootRef = useRef<HTMLDivElement>(null);
  useScreenFocus(screen, rootRef);
  useLocaleAndTheme();
  useBridge();
  usePreferencesShortcut();

  let body;
  if (quitDone) {
    body = <QuitScreen />;
  } else if (screen === 'loading' || !snapshot) {
    body = (
      <main className="loading-screen" data-testid="screen-loading" aria-busy={!loadError}>
        {loadError ? (
          <p className="form-error" data-testid="load-error">
            {t('app.loadFailed', { message: loadError })}
          </p>
        ) : (
          <p>{t('app.loading')}</p>
        )}
      </main>
    );
  } else if (screen === 'signin') {
    body = <SignInScreen />;
  } else if (screen === 'tokenRejected' || screen === 'banned') {
    body = <AccountProblemScreen problem={screen} />;
  } else {
    body = <MainShell snapshot={snapshot} />;
  }

  return (
    <div className="app" data-testid="app" data-screen={screen} ref={rootRef}>
      {body}
      {screen === 'kicked' && kick && <KickedDialog kick={kick} />}
      {screen !== 'kicked' && overlay === 'settings' && <SettingsDialog />}
      {screen !== 'kicked' && overlay === 'diagnostics' && <DiagnosticsDialog />}
    </div>
  );
}

export function App({ store, i18n }: { store: AppStore; i18n: i18n }) {
  return (
    <StoreContext.Provider value={store}>
      <I18nextProvider i18n={i18n}>
        <AnnouncerProvider>
          <Screens />
        </AnnouncerProvider>
      </I18nextProvider>
    </StoreContext.Provider>
  );
}
