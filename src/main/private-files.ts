import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './services/logger';

/** What the app keeps in userData that is nobody else's business (tokens, messages, logs). */
export const PRIVATE_ENTRIES = ['settings.json', 'secrets.json', 'logs', 'messages'] as const;

export interface PrivateFilesDeps {
  /** process.umask; injectable because worker threads (tests) may not set it */
  umask: (mask: number) => number;
  logger: Logger;
}

/**
 * Settings, secrets, logs and the message store are readable by this user only: from now on
 * every file the main process creates is 0600 and every folder 0700 (umask 077), the userData
 * folder itself becomes 0700, and files an older version left world-readable are tightened.
 */
export function makeUserDataPrivate(userData: string, deps: PrivateFilesDeps): void {
  try {
    deps.umask(0o077);
  } catch (error) {
    deps.logger.warn('Could not set a private umask', { error: String(error) });
  }
  tighten(userData, true, deps.logger);
  for (const name of PRIVATE_ENTRIES) walk(join(userData, name), deps.logger);
}

function tighten(path: string, directory: boolean, logger: Logger): void {
  try {
    const mode = lstatSync(path).mode & 0o777;
    const wanted = directory ? 0o700 : 0o600;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & wanted);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    logger.warn('Could not restrict a file to this user', { path, error: String(error) });
  }
}

function walk(path: string, logger: Logger): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (stat.isSymbolicLink()) return;
  if (!stat.isDirectory()) {
    tighten(path, false, logger);
    return;
  }
  tighten(path, true, logger);
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return;
  }
  for (const name of names) walk(join(path, name), logger);
}
