import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_PREFS, openDesktopPrefs } from './desktop-prefs';
import { tempDir } from './testing/temp-dir';

const fresh = (): string => join(tempDir('prefs-'), 'desktop.json');

describe('desktop prefs', () => {
  it('starts from the defaults and keeps changes across restarts', () => {
    const path = fresh();
    expect(openDesktopPrefs(path).get()).toEqual(DEFAULT_DESKTOP_PREFS);
    openDesktopPrefs(path).update({ startAtLogin: true });
    expect(openDesktopPrefs(path).get()).toEqual({ ...DEFAULT_DESKTOP_PREFS, startAtLogin: true });
    expect(JSON.parse(readFileSync(path, 'utf8')).startAtLogin).toBe(true);
  });

  it('takes a damaged or wrongly typed file as the defaults', () => {
    const path = fresh();
    writeFileSync(path, '{ not json');
    expect(openDesktopPrefs(path).get()).toEqual(DEFAULT_DESKTOP_PREFS);
    writeFileSync(path, JSON.stringify({ closeToTray: 'yes' }));
    expect(openDesktopPrefs(path).get()).toEqual(DEFAULT_DESKTOP_PREFS);
  });

  it('reports a failed write and keeps the change in memory', () => {
    const errors: unknown[] = [];
    // A plain file where the folder should be: the write fails with ENOTDIR.
    const blocker = fresh();
    writeFileSync(blocker, 'a file, not a folder');
    const prefs = openDesktopPrefs(join(blocker, 'desktop.json'), (e) => errors.push(e));
    expect(prefs.update({ closeToTray: false }).closeToTray).toBe(false);
    expect(prefs.get().closeToTray).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
