import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './services/logger';
import { tempDir } from './testing/temp-dir';

const safeStorage = {
  available: true,
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (plain: string) => Buffer.from(plain, 'utf8').reverse(),
  decryptString: (encrypted: Buffer) => Buffer.from(encrypted).reverse().toString('utf8'),
};

vi.mock('electron', () => {
  const electron = {
    app: { getPath: () => tmpdir(), getVersion: () => '0.1.0' },
    ipcMain: { on: vi.fn() },
    shell: {},
    safeStorage,
  };
  return { ...electron, default: electron };
});

const { createSafeStorageSecretStore } = await import('./secure-storage');

describe('createSafeStorageSecretStore', () => {
  it('keeps only ciphertext in secrets.json and reads it back', () => {
    safeStorage.available = true;
    const cwd = tempDir('wukong-secrets-');
    const store = createSafeStorageSecretStore({
      cwd,
      allowPlaintext: false,
      logger: silentLogger,
    });
    store.set('token', 'plain-token-value');
    expect(readFileSync(join(cwd, 'secrets.json'), 'utf8')).not.toContain('plain-token-value');
    const again = createSafeStorageSecretStore({
      cwd,
      allowPlaintext: false,
      logger: silentLogger,
    });
    expect(again.get('token')).toBe('plain-token-value');
  });

  it('without an OS secret store writes nothing to disk', () => {
    safeStorage.available = false;
    const cwd = tempDir('wukong-secrets-');
    const store = createSafeStorageSecretStore({
      cwd,
      allowPlaintext: false,
      logger: silentLogger,
    });
    store.set('token', 'plain-token-value');
    expect(store.get('token')).toBe('plain-token-value');
    expect(store.encryptionAvailable).toBe(false);
    expect(readFileSync(join(cwd, 'secrets.json'), 'utf8')).not.toContain('plain-token-value');
  });
});
