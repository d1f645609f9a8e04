import { silentLogger, type Logger } from './logger';

/**
 * Where the sign-in token lives. Encrypted at rest through the OS secret store (Electron's
 * safeStorage) when there is one; otherwise in memory for this session only, unless the user
 * explicitly allowed plaintext on disk. Callers can tell which through the flags.
 */
export interface SecretStore {
  /** The OS offers real encryption (not Linux's "basic_text" stand-in). */
  readonly encryptionAvailable: boolean;
  /** A value set now survives a restart (encrypted, or plaintext that the user allowed). */
  readonly persistent: boolean;
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/** The part of Electron's safeStorage this needs (injected, so this file never imports electron). */
export interface StringEncryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: "basic_text" means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** Reads and writes the stored (already encrypted or marked) entries. */
export interface SecretPersistence {
  read(): Record<string, string>;
  write(entries: Record<string, string>): void;
}

export interface EncryptedSecretStoreOptions {
  encryptor: StringEncryptor;
  persistence: SecretPersistence;
  /** The user's explicit choice to keep secrets unencrypted on disk when no secret store exists. */
  allowPlaintext?: boolean;
  logger?: Logger;
}

const ENCRYPTED = 'enc:';
const PLAINTEXT = 'plain:';

export function createInMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    encryptionAvailable: false,
    persistent: false,
    get: (key) => values.get(key) ?? null,
    set: (key, value) => void values.set(key, value),
    delete: (key) => void values.delete(key),
  };
}

function hasRealEncryption(encryptor: StringEncryptor): boolean {
  try {
    if (!encryptor.isEncryptionAvailable()) return false;
    return encryptor.getSelectedStorageBackend?.() !== 'basic_text';
  } catch {
    return false;
  }
}

/**
 * The token store over an encryptor.
 * Longer than 60 lines: a factory whose body is one object's private state and its short methods.
 */
export function createEncryptedSecretStore(options: EncryptedSecretStoreOptions): SecretStore {
  const { encryptor, persistence } = options;
  const allowPlaintext = options.allowPlaintext === true;
  const logger = options.logger ?? silentLogger;
  const encryptionAvailable = hasRealEncryption(encryptor);
  // Values kept for this session only (no secret store and plaintext not allowed).
  const memory = new Map<string, string>();

  if (!encryptionAvailable) {
    logger.warn(
      allowPlaintext
        ? 'No OS secret store: tokens are kept UNENCRYPTED on disk, as the user allowed'
        : 'No OS secret store: tokens are kept in memory for this session only',
    );
  }

  const readAll = (): Record<string, string> => {
    try {
      return { ...persistence.read() };
    } catch (error) {
      logger.error('Could not read stored secrets', { error: String(error) });
      return {};
    }
  };

  const writeAll = (entries: Record<string, string>): void => {
    try {
      persistence.write(entries);
    } catch (error) {
      logger.error('Could not write stored secrets', { error: String(error) });
    }
  };

  const decode = (key: string, stored: string): string | null => {
    if (stored.startsWith(ENCRYPTED)) {
      if (!encryptionAvailable) return null;
      try {
        return encryptor.decryptString(Buffer.from(stored.slice(ENCRYPTED.length), 'base64'));
      } catch (error) {
        logger.warn('A stored secret could not be decrypted; it is ignored', {
          key,
          error: String(error),
        });
        return null;
      }
    }
    if (stored.startsWith(PLAINTEXT) && allowPlaintext) return stored.slice(PLAINTEXT.length);
    return null;
  };

  return {
    encryptionAvailable,
    persistent: encryptionAvailable || allowPlaintext,
    get(key) {
      const inMemory = memory.get(key);
      if (inMemory !== undefined) return inMemory;
      const stored = readAll()[key];
      return stored === undefined ? null : decode(key, stored);
    },
    set(key, value) {
      const entries = readAll();
      if (encryptionAvailable) {
        entries[key] = ENCRYPTED + encryptor.encryptString(value).toString('base64');
        memory.delete(key);
      } else if (allowPlaintext) {
        entries[key] = PLAINTEXT + value;
        memory.delete(key);
      } else {
        // Never leave an older persisted copy behind when the new value lives in memory only.
        delete entries[key];
        memory.set(key, value);
      }
      writeAll(entries);
    },
    delete(key) {
      memory.delete(key);
      const entries = readAll();
      if (key in entries) {
        delete entries[key];
        writeAll(entries);
      }
    },
  };
}
