import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * The storage folder of one uid under `baseDir` (e.g. `<userData>/messages`). Hashed, so any uid
 * is a safe folder name and signing in as the same uid finds its outbox again.
 */
export function userStorageDir(baseDir: string, uid: string): string {
  return path.join(baseDir, createHash('sha256').update(uid, 'utf8').digest('hex').slice(0, 32));
}
