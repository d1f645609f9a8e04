import { join } from 'node:path';
import { APP_ENTRY_URL } from '../app-url';
import type { RendererEntry } from '../window-factory';

/**
 * The dev server's URL in development (electron-vite sets it); otherwise the built page over the
 * app:// protocol (its CSP comes as a header, and file:// keeps no extra privileges).
 */
export function rendererEntryFor(
  isPackaged: boolean,
  env: Record<string, string | undefined>,
  mainDir: string,
): RendererEntry {
  return !isPackaged && env.ELECTRON_RENDERER_URL
    ? { kind: 'url', url: env.ELECTRON_RENDERER_URL }
    : { kind: 'app', url: APP_ENTRY_URL, rootDir: join(mainDir, '../renderer') };
}
