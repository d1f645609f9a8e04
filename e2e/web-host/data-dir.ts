/**
 * The data folder of `npm run dev:web`. It holds a token and the message store, so by default it
 * is a fresh folder only this user can enter (a fixed /tmp name could be pre-created or read by
 * another local user). A folder given explicitly is used as is, created private when missing.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DATA_DIR_PREFIX = 'wukong-dev-web-';

export function prepareDataDir(given: string | undefined, base = tmpdir()): string {
  if (given === undefined) return mkdtempSync(join(base, DATA_DIR_PREFIX));
  const dir = resolve(given);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
