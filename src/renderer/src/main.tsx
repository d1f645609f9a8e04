import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createI18n, languageFromSystem } from './i18n/i18n';
import { createAppStore } from './store/app-store';
import './styles.css';

// The settings' locale arrives with the first fetch; until then follow the OS language.
const i18n = createI18n(languageFromSystem(navigator.language));
const root = document.getElementById('root');
// window.wukong is typed as always present, but a page opened outside the app has no bridge.
const api = (window as Partial<Window>).wukong;
if (root) {
  createRoot(root).render(
    <StrictMode>
      {api ? (
        <App store={createAppStore(api)} i18n={i18n} />
      ) : (
        <p role="alert">{i18n.t('app.noBridge')}</p>
      )}
    </StrictMode>,
  );
}
