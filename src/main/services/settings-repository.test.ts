import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import {
  createInMemorySettingsRepository,
  createJsonFileSettingsRepository,
} from './settings-repository';
import { sanitizeSettings } from './settings-sanitize';
import { tempDir } from '../testing/temp-dir';

const tempFile = (): string => join(tempDir('wukong-settings-'), 'settings.json');

describe('sanitizeSettings', () => {
  it('keeps valid fields, fills missing ones silently and resets invalid ones by name', () => {
    const result = sanitizeSettings({
      server: { kind: 'static', host: 'im.example.com', port: 5100 },
      theme: 'purple',
      connection: { heartbeatIntervalMs: 30_000, connectTimeoutMs: -5 },
    });
    expect(result.settings.server).toEqual({ kind: 'static', host: 'im.example.com', port: 5100 });
    expect(result.settings.theme).toBe(DEFAULT_SETTINGS.theme);
    expect(result.settings.connection.heartbeatIntervalMs).toBe(30_000);
    expect(result.settings.connection.connectTimeoutMs).toBe(
      DEFAULT_SETTINGS.connection.connectTimeoutMs,
    );
    expect(result.resetFields.sort()).toEqual(['connection.connectTimeoutMs', 'theme']);
  });

  it('replaces non-objects entirely', () => {
    expect(sanitizeSettings(42)).toEqual({ settings: DEFAULT_SETTINGS, resetFields: ['*'] });
    expect(sanitizeSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, resetFields: [] });
  });
});

describe('settings repositories', () => {
  it('in memory: defaults, set/get round trip, copies are not shared', () => {
    const repo = createInMemorySettingsRepository();
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    const changed: Settings = { ...repo.get(), theme: 'dark' };
    repo.set(changed);
    changed.theme = 'light';
    expect(repo.get().theme).toBe('dark');
    expect(repo.recovery).toBeNull();
  });

  it('install id is created once and kept', () => {
    const file = tempFile();
    const first = createJsonFileSettingsRepository(file).installId();
    expect(first).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(createJsonFileSettingsRepository(file).installId()).toBe(first);
  });

  it('JSON file: persists and reloads', () => {
    const file = tempFile();
    const repo = createJsonFileSettingsRepository(file);
    repo.set({ ...repo.get(), locale: 'zh-CN' });
    expect(createJsonFileSettingsRepository(file).get().locale).toBe('zh-CN');
  });

  it('JSON file: an unreadable file is moved aside and replaced by defaults, without throwing', () => {
    const file = tempFile();
    writeFileSync(file, '{"settings": {"theme": "dark"'); // truncated write
    const warn = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const repo = createJsonFileSettingsRepository(file, { logger, now: () => 77 });

    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    expect(repo.recovery).toEqual({
      reason: 'unreadable',
      resetFields: ['*'],
      backupPath: `${file}.corrupt-77`,
    });
    expect(readFileSync(`${file}.corrupt-77`, 'utf8')).toContain('"dark"');
    expect(JSON.parse(readFileSync(file, 'utf8')).settings).toEqual(DEFAULT_SETTINGS);
    expect(warn).toHaveBeenCalled();
  });

  it('JSON file: invalid values are reset, the original copied aside, the rest kept', () => {
    const file = tempFile();
    writeFileSync(
      file,
      JSON.stringify({ settings: { ...DEFAULT_SETTINGS, locale: 'klingon', theme: 'dark' } }),
    );
    const repo = createJsonFileSettingsRepository(file, { now: () => 5 });
    expect(repo.get().theme).toBe('dark');
    expect(repo.get().locale).toBe(DEFAULT_SETTINGS.locale);
    expect(repo.recovery?.reason).toBe('invalid-fields');
    expect(repo.recovery?.resetFields).toEqual(['locale']);
    expect(existsSync(`${file}.invalid-5`)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).settings.locale).toBe(DEFAULT_SETTINGS.locale);
  });

  it('JSON file: a missing file needs no recovery and leaves no temp files', () => {
    const file = tempFile();
    const repo = createJsonFileSettingsRepository(file);
    repo.set(repo.get());
    expect(repo.recovery).toBeNull();
    expect(readdirSync(join(file, '..'))).toEqual(['settings.json']);
  });
});
