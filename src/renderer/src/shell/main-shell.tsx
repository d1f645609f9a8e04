import { useTranslation } from 'react-i18next';
import type { ConnectionSnapshot } from '../../../shared/connection';
import type { ServerAddress } from '../../../shared/settings';
import { StatusBar } from '../status/status-bar';
import { useApp } from '../store/store-context';

function serverLabel(server: ServerAddress | null, fallback: string | null): string | null {
  if (server?.kind === 'static') return `${server.host}:${server.port}`;
  if (server?.kind === 'route') return server.url;
  return fallback;
}

/** Whether the connection is up or on its way up, so "Disconnect" is the action that fits. */
function isActive(snapshot: ConnectionSnapshot): boolean {
  return (
    snapshot.status === 'connected' ||
    snapshot.status === 'connecting' ||
    snapshot.nextRetryAt !== null ||
    (!snapshot.networkOnline && snapshot.reason !== 'userDisconnect')
  );
}

/** The signed-in window: status bar always on top, actions, and (for now) the account. */
export function MainShell({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const { t } = useTranslation();
  const account = useApp((s) => s.account);
  const actionError = useApp((s) => s.actionError);
  const connect = useApp((s) => s.connect);
  const disconnect = useApp((s) => s.disconnect);
  const signOut = useApp((s) => s.signOut);
  const openOverlay = useApp((s) => s.openOverlay);
  const server = serverLabel(account?.server ?? null, snapshot.address);

  return (
    <div className="shell" data-testid="screen-main">
      <header className="shell-header">
        <span className="app-name">{t('app.title')}</span>
        <StatusBar snapshot={snapshot} />
        <nav className="shell-actions" aria-label={t('shell.actions')}>
          {isActive(snapshot) ? (
            <button type="button" data-testid="disconnect" onClick={() => void disconnect()}>
              {t('shell.disconnect')}
            </button>
          ) : (
            <button type="button" data-testid="connect" onClick={() => void connect()}>
              {t('shell.connect')}
            </button>
          )}
          <button type="button" data-testid="settings-open" onClick={() => openOverlay('settings')}>
            {t('shell.settings')}
          </button>
          <button
            type="button"
            data-testid="diagnostics-open"
            onClick={() => openOverlay('diagnostics')}
          >
            {t('shell.diagnostics')}
          </button>
          <button type="button" data-testid="signout" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </button>
        </nav>
      </header>
      {actionError && (
        <p className="banner-error" data-testid="action-error">
          {actionError}
        </p>
      )}
      <main className="shell-main" data-testid="account-info">
        {account?.uid && <h1>{t('shell.signedInAs', { uid: account.uid })}</h1>}
        {server && <p className="muted">{t('shell.server', { address: server })}</p>}
        {account && !account.secureStorageAvailable && (
          <p className="notice" data-testid="insecure-storage">
            {t('shell.insecureStorage')}
          </p>
        )}
        <p className="placeholder">{t('shell.placeholder')}</p>
      </main>
    </div>
  );
}
