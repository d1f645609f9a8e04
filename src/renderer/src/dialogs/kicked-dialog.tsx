import { useTranslation } from 'react-i18next';
import type { KickEvent } from '../../../shared/connection';
import { Modal } from '../a11y/modal';
import { formatClockTime } from '../chat/format-time';
import { useApp } from '../store/store-context';

/** Local wall-clock time of the kick, "14:32", in the UI language. */
export function formatKickTime(at: number, language: string): string {
  return formatClockTime(at, language);
}

/**
 * The kick cannot be missed: an alertdialog that takes focus and stays until the user acts.
 * Escape does nothing here on purpose.
 */
export function KickedDialog({ kick }: { kick: KickEvent }) {
  const { t, i18n } = useTranslation();
  const requestSignIn = useApp((s) => s.requestSignIn);
  const quit = useApp((s) => s.quit);
  const time = formatKickTime(kick.at, i18n.language);

  return (
    <Modal
      role="alertdialog"
      labelledBy="kicked-title"
      describedBy="kicked-body"
      testId="kicked-dialog"
    >
      <h2 id="kicked-title">{t('kicked.title')}</h2>
      <div id="kicked-body">
        <p data-testid="kicked-message">{t('kicked.body')}</p>
        {kick.reasonText.trim() !== '' && (
          <p className="server-reason" data-testid="kicked-reason">
            {t('kicked.serverReason', { text: kick.reasonText })}
          </p>
        )}
        <p className="muted" data-testid="kicked-time">
          <time dateTime={new Date(kick.at).toISOString()}>{t('kicked.at', { time })}</time>
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" data-testid="kicked-quit" onClick={() => void quit()}>
          {t('kicked.quit')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="kicked-signin-again"
          data-autofocus
          onClick={() => requestSignIn('kicked')}
        >
          {t('kicked.signInAgain')}
        </button>
      </div>
    </Modal>
  );
}
