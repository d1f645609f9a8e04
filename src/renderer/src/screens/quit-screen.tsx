import { useTranslation } from 'react-i18next';

/**
 * After Quit. In Electron the window closes with the app; in the browser host the page stays, and
 * must not look like a live app that no longer answers.
 */
export function QuitScreen() {
  const { t } = useTranslation();
  return (
    <main className="problem-screen" data-testid="screen-quit">
      <section className="card" aria-labelledby="quit-title">
        <h1 id="quit-title" tabIndex={-1} data-screen-focus>
          {t('app.quitTitle')}
        </h1>
        <p>{t('app.quitBody')}</p>
      </section>
    </main>
  );
}
