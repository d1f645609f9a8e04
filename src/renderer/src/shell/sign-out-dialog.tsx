import { useTranslation } from 'react-i18next';
import { Modal } from '../a11y/modal';

/**
 * Signing out forgets the token, so it asks first. Cancel has focus: a stray Enter keeps the
 * session, and Escape cancels too.
 */
export function SignOutDialog({
  onConfirm,
  onCancel,
}: {
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      role="alertdialog"
      labelledBy="signout-title"
      describedBy="signout-body"
      onEscape={onCancel}
      testId="signout-dialog"
    >
      <h2 id="signout-title">{t('signOut.title')}</h2>
      <p id="signout-body">{t('signOut.body')}</p>
      <div className="dialog-actions">
        <button type="button" data-testid="signout-cancel" data-autofocus onClick={onCancel}>
          {t('signOut.cancel')}
        </button>
        <button type="button" className="danger" data-testid="signout-confirm" onClick={onConfirm}>
          {t('signOut.confirm')}
        </button>
      </div>
    </Modal>
  );
}
