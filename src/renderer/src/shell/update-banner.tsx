import { useTranslation } from 'react-i18next';
import { useApp } from '../store/store-context';

/** "Update ready: Restart to update", once an update is downloaded and verified. */
export function UpdateBanner() {
  const { t } = useTranslation();
  const update = useApp((s) => s.update);
  const restart = useApp((s) => s.restartToUpdate);
  if (update.kind !== 'ready') return null;
  return (
    <div className="notice" role="status" data-testid="update-banner">
      <span>{t('update.ready', { version: update.version })}</span>{' '}
      <button type="button" data-testid="update-restart" onClick={() => void restart()}>
        {t('update.restart')}
      </button>
    </div>
  );
}
