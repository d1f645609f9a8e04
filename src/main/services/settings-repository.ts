import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Settings } from '../../shared/settings';
import { silentLogger, type Logger } from './logger';
import { sanitizeSettings } from './settings-sanitize';

/** Validated settings plus the install id, persisted wherever the host keeps them. */
export interface SettingsRepository {
  get(): Settings;
  /** Callers pass settings that already passed settingsSchema. */
  set(settings: Settings): void;
  /** Random, created on first use and kept for the life of the install (device ids derive from it). */
  installId(): string;
  /** Set when the stored file could not be used as it was; says where the original was moved. */
  readonly recovery: SettingsRecovery | null;
}

export interface SettingsRecovery {
  reason: 'unreadable' | 'invalid-fields';
  resetFields: string[];
  /** Where the original file was copied or moved to, when there was a file. */
  backupPath: string | null;
}

/** Key-value persistence under a repository: electron-store in the app, a JSON file or memory elsewhere. */
export interface SettingsBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Copies the stored file aside (to inspect later); returns the copy's path or null. */
  backup(suffix: string): string | null;
}

export interface SettingsRepositoryOptions {
  logger?: Logger;
  now?: () => number;
  /** When the backend had to discard an unreadable file before we saw it. */
  unreadableBackupPath?: string | null;
}

const SETTINGS_KEY = 'settings';
const INSTALL_ID_KEY = 'installId';
const INSTALL_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export function createSettingsRepository(
  backend: SettingsBackend,
  options: SettingsRepositoryOptions = {},
): SettingsRepository {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  let recovery: SettingsRecovery | null = null;

  if (options.unreadableBackupPath !== undefined) {
    recovery = {
      reason: 'unreadable',
      resetFields: ['*'],
      backupPath: options.unreadableBackupPath,
    };
  }

  const stored = backend.get(SETTINGS_KEY);
  const { settings: initial, resetFields } = sanitizeSettings(stored);
  let current = initial;
  if (resetFields.length > 0) {
    const backupPath = backend.backup(`invalid-${now()}`);
    recovery = { reason: 'invalid-fields', resetFields, backupPath };
    logger.warn('Settings had invalid values, reset to defaults', { resetFields, backupPath });
  }
  if (stored === undefined || resetFields.length > 0) backend.set(SETTINGS_KEY, current);

  return {
    get: () => structuredClone(current),
    set(settings) {
      current = structuredClone(settings);
      backend.set(SETTINGS_KEY, current);
    },
    installId() {
      const existing = backend.get(INSTALL_ID_KEY);
      if (typeof existing === 'string' && INSTALL_ID_PATTERN.test(existing)) return existing;
      const created = randomUUID();
      backend.set(INSTALL_ID_KEY, created);
      return created;
    },
    get recovery() {
      return recovery;
    },
  };
}

export function createInMemorySettingsBackend(
  initial: Record<string, unknown> = {},
): SettingsBackend {
  const data = new Map<string, unknown>(Object.entries(structuredClone(initial)));
  return {
    get: (key) => structuredClone(data.get(key)),
    set: (key, value) => void data.set(key, structuredClone(value)),
    backup: () => null,
  };
}

export function createInMemorySettingsRepository(
  initial: Record<string, unknown> = {},
  options: SettingsRepositoryOptions = {},
): SettingsRepository {
  return createSettingsRepository(createInMemorySettingsBackend(initial), options);
}

/**
 * Settings in one JSON file, for hosts without Electron (the browser test host). An unreadable file
 * is moved aside to `<file>.corrupt-<time>` and replaced by defaults; writes go through a temporary
 * file and a rename, so a crash mid-write leaves the old file intact.
 */
export function createJsonFileSettingsRepository(
  filePath: string,
  options: SettingsRepositoryOptions = {},
): SettingsRepository {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  let data: Record<string, unknown> = {};
  let unreadableBackupPath: string | null | undefined;

  if (existsSync(filePath)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new SyntaxError('settings file is not a JSON object');
      }
      data = parsed as Record<string, unknown>;
    } catch (error) {
      unreadableBackupPath = `${filePath}.corrupt-${now()}`;
      renameSync(filePath, unreadableBackupPath);
      logger.warn('Settings file was unreadable; moved aside, using defaults', {
        backupPath: unreadableBackupPath,
        error: String(error),
      });
    }
  }

  const persist = (): void => {
    mkdirSync(dirname(filePath), { recursive: true });
    const temp = `${filePath}.tmp-${process.pid}`;
    writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, filePath);
  };

  const backend: SettingsBackend = {
    get: (key) => structuredClone(data[key]),
    set(key, value) {
      data[key] = structuredClone(value);
      persist();
    },
    backup(suffix) {
      if (!existsSync(filePath)) return null;
      const target = `${filePath}.${suffix}`;
      copyFileSync(filePath, target);
      return target;
    },
  };
  return createSettingsRepository(backend, {
    ...options,
    ...(unreadableBackupPath !== undefined ? { unreadableBackupPath } : {}),
  });
}
