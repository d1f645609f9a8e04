import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fresh folder under the OS temp dir, removed when the calling test finishes (tests only; call
 * it inside a test). Stores still open then lose their folder, which is fine for a finished test.
 */
export function tempDir(prefix = 'wukong-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
