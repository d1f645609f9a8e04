/**
 * Stands in for the OS secret store (Electron's safeStorage) in the web host: AES-256-GCM with a
 * key kept in the host's data folder. It lets the REAL encrypted SecretStore run in Node, so a
 * token survives an app restart and sign-out provably removes it. Test double only.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretPersistence, StringEncryptor } from '../../src/main/services';

export function createTestKeychain(keyFile: string): StringEncryptor {
  let key: Buffer;
  if (existsSync(keyFile)) {
    key = readFileSync(keyFile);
  } else {
    key = randomBytes(32);
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, key, { mode: 0o600 });
  }
  if (key.length !== 32) throw new Error(`${keyFile} is not a 32-byte key`);
  return {
    isEncryptionAvailable: () => true,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** The stored (encrypted) entries in one JSON file. */
export function createJsonSecretPersistence(file: string): SecretPersistence {
  return {
    read() {
      if (!existsSync(file)) return {};
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    },
    write(entries) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
