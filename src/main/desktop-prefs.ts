import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * Desktop behaviour the person chooses from the application menu (not connection settings):
 * kept in their own small file next to the settings, read once, written on every change.
 */
export interface DesktopPrefs {
  /** Closing the window keeps the app in the tray (Windows and Linux). */
  closeToTray: boolean;
  /** Start the app when the person logs in. */
  startAtLogin: boolean;
  /** The "still running in the tray" hint has been shown once. */
  trayHintShown: boolean;
}

export const DEFAULT_DESKTOP_PREFS: DesktopPrefs = {
  closeToTray: true,
  startAtLogin: false,
  trayHintShown: false,
};

const prefsSchema = z.object({
  closeToTray: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  trayHintShown: z.boolean().optional(),
});

export interface DesktopPrefsFile {
  get(): DesktopPrefs;
  update(patch: Partial<DesktopPrefs>): DesktopPrefs;
}

/** A missing, unreadable or damaged file means the defaults; a failed write keeps them in memory. */
export function openDesktopPrefs(
  path: string,
  onWriteError?: (error: unknown) => void,
): DesktopPrefsFile {
  let prefs = { ...DEFAULT_DESKTOP_PREFS };
  try {
    const parsed = prefsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) prefs = { ...prefs, ...stripUndefined(parsed.data) };
  } catch {
    // first start, or a damaged file: the defaults
  }
  return {
    get: () => ({ ...prefs }),
    update(patch) {
      prefs = { ...prefs, ...patch };
      try {
        mkdirSync(dirname(path), { recursive: true });
        // Written aside and renamed, so a crash never leaves half a file.
        writeFileSync(`${path}.tmp`, JSON.stringify(prefs, null, 2));
        renameSync(`${path}.tmp`, path);
      } catch (error) {
        onWriteError?.(error);
      }
      return { ...prefs };
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
