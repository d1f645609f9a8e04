import { join } from 'node:path';
import type { RendererEntry } from '../window-factory';

/** The dev server's URL in development (electron-vite sets it), the built page otherwise. */
export function rendererEntryFor(
  isPackaged: boolean,
  env: Record<string, string | undefined>,
  mainDir: string,
): RendererEntry {
  return !isPackaged && env.ELECTRON_RENDERER_URL
    ? { kind: 'url', url: env.ELECTRON_RENDERER_URL }
    : { kind: 'file', path: join(mainDir, '../renderer/index.html') };
}
