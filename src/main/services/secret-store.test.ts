import { describe, expect, it, vi } from 'vitest';
import {
  createEncryptedSecretStore,
  createInMemorySecretStore,
  type SecretPersistence,
  type StringEncryptor,
} from './secret-store';

/** Reversible stand-in for safeStorage; the stored form must not contain the plain text. */
function fakeEncryptor(available: boolean, backend = 'gnome_libsecret'): StringEncryptor {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a) as Buffer,
    decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  };
}

function memoryPersistence(): SecretPersistence & { data: Record<string, string> } {
  const holder = {
    data: {} as Record<string, string>,
    read: () => ({ ...holder.data }),
    write: (entries: Record<string, string>) => {
      holder.data = { ...entries };
    },
  };
  return holder;
}

const TOKEN = 'very-secret-token';

describe('encrypted secret store', () => {
  it('with encryption: stores only ciphertext and reads it back after a restart', () => {
    const persistence = memoryPersistence();
    const store = createEncryptedSecretStore({ encryptor: fakeEncryptor(true), persistence });
    store.set('token', TOKEN);
    expect(store.encryptionAvailable).toBe(true);
    expect(store.persistent).toBe(true);
    expect(JSON.stringify(persistence.data)).not.toContain(TOKEN);
    expect(persistence.data.token).toMatch(/^enc:/);

    const restarted = createEncryptedSecretStore({ encryptor: fakeEncryptor(true), persistence });
    expect(restarted.get('token')).toBe(TOKEN);
    restarted.delete('token');
    expect(restarted.get('token')).toBeNull();
    expect(persistence.data).toEqual({});
  });

  it('without encryption: memory only for this session, and says so', () => {
    const persistence = memoryPersistence();
    const warn = vi.fn();
    const logger = { debug: vi.fn(), info: vi.fn(), warn, error: vi.fn() };
    const store = createEncryptedSecretStore({
      encryptor: fakeEncryptor(false),
      persistence,
      logger,
    });
    store.set('token', TOKEN);
    expect(store.get('token')).toBe(TOKEN);
    expect(store.encryptionAvailable).toBe(false);
    expect(store.persistent).toBe(false);
    expect(persistence.data).toEqual({});
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('memory'));

    const restarted = createEncryptedSecretStore({ encryptor: fakeEncryptor(false), persistence });
    expect(restarted.get('token')).toBeNull();
  });

  it("Linux's basic_text backend counts as no encryption", () => {
    const store = createEncryptedSecretStore({
      encryptor: fakeEncryptor(true, 'basic_text'),
      persistence: memoryPersistence(),
    });
    expect(store.encryptionAvailable).toBe(false);
  });

  it('plaintext on disk only when explicitly allowed, and only read back while allowed', () => {
    const persistence = memoryPersistence();
    const store = createEncryptedSecretStore({
      encryptor: fakeEncryptor(false),
      persistence,
      allowPlaintext: true,
    });
    store.set('token', TOKEN);
    expect(store.persistent).toBe(true);
    expect(persistence.data.token).toBe(`plain:${TOKEN}`);

    const allowed = createEncryptedSecretStore({
      encryptor: fakeEncryptor(false),
      persistence,
      allowPlaintext: true,
    });
    expect(allowed.get('token')).toBe(TOKEN);
    const notAllowed = createEncryptedSecretStore({ encryptor: fakeEncryptor(false), persistence });
    expect(notAllowed.get('token')).toBeNull();
  });

  it('undecryptable data and failing persistence do not throw', () => {
    const persistence = memoryPersistence();
    persistence.data.token = 'enc:!!!not-base64';
    const broken: StringEncryptor = {
      ...fakeEncryptor(true),
      decryptString: () => {
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      },
    };
    expect(createEncryptedSecretStore({ encryptor: broken, persistence }).get('token')).toBeNull();

    const failing: SecretPersistence = {
      read: () => {
        throw new Error('EACCES');
      },
      write: () => {
        throw new Error('EACCES');
      },
    };
    const store = createEncryptedSecretStore({
      encryptor: fakeEncryptor(true),
      persistence: failing,
    });
    expect(() => store.set('token', TOKEN)).not.toThrow();
    expect(store.get('token')).toBeNull();
  });

  it('in-memory store', () => {
    const store = createInMemorySecretStore();
    store.set('token', TOKEN);
    expect(store.get('token')).toBe(TOKEN);
    store.delete('token');
    expect(store.get('token')).toBeNull();
    expect(store.persistent).toBe(false);
  });
});
