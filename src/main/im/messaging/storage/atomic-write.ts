/**
 * Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it over the
 * target, then fsync the folder so the rename itself survives a power cut. A crash at any point
 * leaves either the old file or the new one, plus possibly a stray temp file (removed on load).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_MARKER = '.tmp-';

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = `${file}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(path.dirname(file));
}

/** Best effort: folders cannot be opened for fsync on Windows, and a failure here loses nothing yet. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported on this platform / file system
  }
}
