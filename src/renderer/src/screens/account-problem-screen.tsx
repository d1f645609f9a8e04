import { useTranslation } from 'react-i18next';
import { StatusIcon } from '../status/status-icon';
import { useApp } from '../store/store-context';

/**
 * Token rejected and banned: not a kick, so their own words, and the same way back (sign in).
 * Focus starts on the action so the keyboard path is one key press.
 */
export function AccountProblemScreen({ problem }: { problem: 'tokenRejected' | 'banned' }) {
  const { t } = useTranslation();
  const requestSignIn = useApp((s) => s.requestSignIn);
  const quit = useApp((s) => s.quit);
  const testId = problem === 'tokenRejected' ? 'token-rejected' : 'banned';

  return (
    <main className="problem-screen" data-testid={testId}>
      <section className="card" aria-labelledby={`${testId}-title`}>
        <h1 id={`${testId}-title`}>
          <StatusIcon kind={problem} /> {t(`${problem}.title`)}
        </h1>
        <p data-testid={`${testId}-message`}>{t(`${problem}.body`)}</p>
        <div className="dialog-actions">
          {problem === 'banned' && (
            <button type="button" data-testid="banned-quit" onClick={() => void quit()}>
              {t('banned.quit')}
            </button>
          )}
          <button
            type="button"
            className="primary"
            data-testid={`${testId}-signin`}
            autoFocus
            onClick={() => requestSignIn(problem)}
          >
            {t(`${problem}.action`)}
          </button>
        </div>
      </section>
    </main>
  );
}
