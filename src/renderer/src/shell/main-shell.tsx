import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionSnapshot } from '../../../shared/connection';
import { describeServer } from '../../../shared/endpoint';
import type { ServerAddress } from '../../../shared/settings';
import { ChannelList } from '../chat/channel-list';
import { ConversationView } from '../chat/conversation';
import { offlineNoteOf } from '../chat/offline-note';
import { QuickSwitcher } from '../chat/quick-switcher';
import { StatusBar } from '../status/status-bar';
import { SignOutDialog } from './sign-out-dialog';
import { StorageNotice } from '../storage/storage-notice';
import { UpdateBanner } from './update-banner';
import { useApp } from '../store/store-context';

function serverLabel(server: ServerAddress | null, fallback: string | null): string | null {
  return server ? describeServer(server) : fallback;
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

/** The signed-in window: status bar always on top, actions, then conversations and the chat. */
export function MainShell({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const { t } = useTranslation();
  const account = useApp((s) => s.account);
  const actionError = useApp((s) => s.actionError);
  const disconnect = useApp((s) => s.disconnect);
  const signOut = useApp((s) => s.signOut);
  const openOverlay = useApp((s) => s.openOverlay);
  const loadChannels = useApp((s) => s.loadChannels);
  const openChannel = useApp((s) => s.openChannel);
  const server = serverLabel(account?.server ?? null, snapshot.address);

  const connected = snapshot.status === 'connected';
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  const [bannerSlot, setBannerSlot] = useState<HTMLDivElement | null>(null);

  // Fetched when the shell appears (start-up, after a sign-in) and again on every connect, which
  // also heals a first fetch that ran before messaging was ready; events keep it current between.
  useEffect(() => {
    void loadChannels();
  }, [loadChannels, connected]);

  return (
    <div className="shell" data-testid="screen-main">
      {/* Header and connection banner stick together, so the status is always on screen. */}
      <div className="shell-top">
        <header className="shell-header">
          <span className="app-name">{t('app.title')}</span>
          <StatusBar snapshot={snapshot} bannerSlot={bannerSlot} />
          <nav className="shell-actions" aria-label={t('shell.actions')}>
            {/* When not active the status bar offers Connect / Try again: one control, not two. */}
            {isActive(snapshot) && (
              <button type="button" data-testid="disconnect" onClick={() => void disconnect()}>
                {t('shell.disconnect')}
              </button>
            )}
            <button
              type="button"
              data-testid="settings-open"
              onClick={() => openOverlay('settings')}
            >
              {t('shell.settings')}
            </button>
            <button
              type="button"
              data-testid="diagnostics-open"
              onClick={() => openOverlay('diagnostics')}
            >
              {t('shell.diagnostics')}
            </button>
            <button
              type="button"
              className="quiet"
              data-testid="signout"
              onClick={() => setConfirmSignOut(true)}
            >
              {t('shell.signOut')}
            </button>
          </nav>
        </header>
        <div className="banner-slot" ref={setBannerSlot} />
      </div>
      {actionError && (
        <p className="banner-error" data-testid="action-error">
          {actionError}
        </p>
      )}
      <StorageNotice />
      <UpdateBanner />
      <div className="chat-layout">
        <aside className="chat-sidebar">
          <section className="account" data-testid="account-info">
            {account?.uid && (
              <h1 className="account-uid">{t('shell.signedInAs', { uid: account.uid })}</h1>
            )}
            {server && <p className="muted">{t('shell.server', { address: server })}</p>}
            {account && !account.secureStorageAvailable && (
              <p className="notice" data-testid="insecure-storage">
                {t('shell.insecureStorage')}
              </p>
            )}
          </section>
          <ChannelList />
        </aside>
        <main className="chat-main">
          {openChannel ? (
            <ConversationView
              key={`${openChannel.channelType}:${openChannel.channelId}`}
              channel={openChannel}
              offlineNote={offlineNoteOf(snapshot)}
            />
          ) : (
            <p className="placeholder chat-placeholder" data-testid="chat-placeholder">
              {t('shell.placeholder')}
            </p>
          )}
        </main>
      </div>
      <QuickSwitcher />
      {confirmSignOut && (
        <SignOutDialog
          onCancel={() => setConfirmSignOut(false)}
          onConfirm={() => {
            setConfirmSignOut(false);
            void signOut();
          }}
        />
      )}
    </div>
  );
}
