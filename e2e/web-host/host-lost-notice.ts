/**
 * What the page shows when its bridge to the web host is gone: the app's last state would be
 * stale (a "Connected" that is not true, calls that hang), so it is covered and made inert, and
 * the words say what happened in the app's language. Runs in the page (bundled with the bridge);
 * the Node project has no DOM lib, hence the few browser types below.
 */
import { en } from '../../src/shared/i18n/en';
import { zhCN } from '../../src/shared/i18n/zh-cn';

interface PageElement {
  id: string;
  textContent: string | null;
  readonly style: Record<string, string>;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  append(...nodes: PageElement[]): void;
  remove(): void;
}

interface PageDocument {
  readonly documentElement: { lang: string };
  readonly body: PageElement | null;
  createElement(tag: string): PageElement;
  getElementById(id: string): PageElement | null;
}

const NOTICE_ID = 'wukong-host-lost';

function strings(lang: string): { title: string; body: string } {
  const app = lang.toLowerCase().startsWith('zh') ? zhCN.app : en.app;
  return { title: app.hostLost, body: app.hostLostBody };
}

export function showHostLost(document: PageDocument): void {
  if (document.getElementById(NOTICE_ID) || !document.body) return;
  const words = strings(document.documentElement.lang);
  document.getElementById('root')?.setAttribute('inert', '');
  const cover = document.createElement('div');
  cover.id = NOTICE_ID;
  cover.setAttribute('data-testid', 'host-lost');
  cover.setAttribute('role', 'alert');
  Object.assign(cover.style, {
    position: 'fixed',
    inset: '0',
    zIndex: '2147483647',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    background: 'rgba(0, 0, 0, 0.72)',
    font: '15px/1.4 system-ui, sans-serif',
  });
  const box = document.createElement('div');
  Object.assign(box.style, {
    background: '#ffffff',
    color: '#1f2328',
    padding: '20px 24px',
    borderRadius: '8px',
    maxWidth: '360px',
  });
  const title = document.createElement('strong');
  title.textContent = words.title;
  Object.assign(title.style, { display: 'block', fontSize: '17px', marginBottom: '6px' });
  const body = document.createElement('p');
  body.textContent = words.body;
  Object.assign(body.style, { margin: '0' });
  box.append(title, body);
  cover.append(box);
  document.body.append(cover);
}
