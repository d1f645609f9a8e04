import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { silentLogger } from './services/logger';
import { tempDir } from './testing/temp-dir';

// electron-store reads app/ipcMain from electron at construction; a minimal mock is enough.
vi.mock('electron', () => {
  const electron = {
    app: { getPath: () => tmpdir(), getVersion: () => '0.1.0' },
    ipcMain: { on: vi.fn() },
    shell: {},
  };
  return { ...electron, default: electron };
});

const { createElectronSettingsRepository } = await import('./electron-settings');

const newDir = (): string => tempDir('wukong-estore-');

describe('createElectronSettingsRepository (electron-store)', () => {
  it('starts from defaults, persists changes and the install id', () => {
    const cwd = newDir();
    const repo = createElectronSettingsRepository({ cwd, logger: silentLogger });
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    repo.set({ ...repo.get(), theme: 'dark' });
    const id = repo.installId();

    const again = createElectronSettingsRepository({ cwd, logger: silentLogger });
    expect(again.get().theme).toBe('dark');
    expect(again.installId()).toBe(id);
    expect(JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8')).settings.theme).toBe(
      'dark',
    );
  });

  it('a corrupt file is moved aside and replaced by defaults; the app does not crash', () => {
    const cwd = newDir();
    writeFileSync(join(cwd, 'settings.json'), '{ this is not json');
    const warn = vi.fn();
    const repo = createElectronSettingsRepository({
      cwd,
      logger: { ...silentLogger, warn },
      now: () => 1234,
    });
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    expect(repo.recovery).toMatchObject({
      reason: 'unreadable',
      backupPath: join(cwd, 'settings.json.corrupt-1234'),
    });
    expect(readFileSync(join(cwd, 'settings.json.corrupt-1234'), 'utf8')).toBe(
      '{ this is not json',
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('moved aside'), expect.anything());
    repo.set({ ...repo.get(), locale: 'en' });
    expect(createElectronSettingsRepository({ cwd, logger: silentLogger }).get().locale).toBe('en');
  });

  it('invalid values are reset by field with a copy of the original kept', () => {
    const cwd = newDir();
    writeFileSync(
      join(cwd, 'settings.json'),
      JSON.stringify({
        settings: {
          ...DEFAULT_SETTINGS,
          connection: { ...DEFAULT_SETTINGS.connection, heartbeatIntervalMs: 1 },
        },
      }),
    );
    const repo = createElectronSettingsRepository({ cwd, logger: silentLogger, now: () => 9 });
    expect(repo.get().connection.heartbeatIntervalMs).toBe(
      DEFAULT_SETTINGS.connection.heartbeatIntervalMs,
    );
    expect(repo.recovery?.resetFields).toEqual(['connection.heartbeatIntervalMs']);
    expect(existsSync(join(cwd, 'settings.json.invalid-9'))).toBe(true);
  });

  it('an unusable folder falls back to in-memory settings', () => {
    const cwd = join(newDir(), 'file-not-dir');
    writeFileSync(cwd, 'I am a file, not a folder');
    const error = vi.fn();
    const repo = createElectronSettingsRepository({ cwd, logger: { ...silentLogger, error } });
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    repo.set({ ...repo.get(), theme: 'light' });
    expect(repo.get().theme).toBe('light');
    expect(error).toHaveBeenCalled();
  });
});
