import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createI18n, languageFromSystem } from './i18n/i18n';
import { createAppStore } from './store/app-store';
import './styles.css';

// The settings' locale arrives with the first fetch; until then follow the OS language.
const i18n = createI18n(languageFromSystem(navigator.language));
const store = createAppStore(window.wukong);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App store={store} i18n={i18n} />
    </StrictMode>,
  );
}
