/** The renderer's own address (served by app-protocol.ts). No electron import: the IPC registrar uses it. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wukong';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The page URL is ours when it is on app://wukong/ (any path: the page may push history). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
