import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedBounds extends Rect {
  maximized: boolean;
}

/** What this module needs of a BrowserWindow (so tests can pass a fake). */
export interface BoundsWindow {
  getNormalBounds(): Rect;
  setBounds(bounds: Rect): void;
  isMaximized(): boolean;
  maximize(): void;
  on(event: 'resize' | 'move' | 'close', listener: () => void): unknown;
}

/** At least this much of the title bar must be on a screen for saved bounds to be used. */
const MIN_VISIBLE_PX = 80;
/** Moves and resizes come in bursts; the file is written once they stop. */
export const SAVE_DELAY_MS = 500;

const savedSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

/**
 * Saved bounds fitted to the screens there are now: unchanged when the window's top edge is on a
 * screen, shrunk to that screen when it is bigger, and null (the default size, centred) when the
 * screen it was on is gone, so the window never opens out of reach.
 */
export function fitBounds(
  saved: SavedBounds | null,
  workAreas: readonly Rect[],
  min: { width: number; height: number },
): SavedBounds | null {
  if (!saved) return null;
  const area = workAreas.find((a) => {
    const visible = Math.min(saved.x + saved.width, a.x + a.width) - Math.max(saved.x, a.x);
    return (
      visible >= MIN_VISIBLE_PX && saved.y >= a.y && saved.y < a.y + a.height - MIN_VISIBLE_PX / 2
    );
  });
  if (!area) return null;
  const width = Math.max(min.width, Math.min(saved.width, area.width));
  const height = Math.max(min.height, Math.min(saved.height, area.height));
  return { ...saved, width, height };
}

export function readSavedBounds(path: string): SavedBounds | null {
  try {
    const parsed = savedSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface RememberOptions {
  file: string;
  workAreas: () => readonly Rect[];
  min: { width: number; height: number };
  onError?: (error: unknown) => void;
}

/**
 * Puts the window where it was last time (call before it is shown) and remembers its size,
 * position and maximized state from now on.
 */
export function rememberWindowBounds(window: BoundsWindow, options: RememberOptions): void {
  const fitted = fitBounds(readSavedBounds(options.file), options.workAreas(), options.min);
  if (fitted) {
    window.setBounds({ x: fitted.x, y: fitted.y, width: fitted.width, height: fitted.height });
    if (fitted.maximized) window.maximize();
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const bounds: SavedBounds = { ...window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      mkdirSync(dirname(options.file), { recursive: true });
      writeFileSync(`${options.file}.tmp`, JSON.stringify(bounds));
      renameSync(`${options.file}.tmp`, options.file);
    } catch (error) {
      options.onError?.(error);
    }
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('close', save);
}
