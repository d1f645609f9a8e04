import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh folder under the OS temp dir, removed when the calling test finishes, passed or failed
 * (tests only; call it inside a test or a beforeEach). Stores still open then lose their folder,
 * which is fine for a finished test.
 */
export function tempDir(prefix = 'wukong-test-'): string {
  const dir = makeTempDir(prefix);
  onTestFinished(() => removeDir(dir));
  return dir;
}

/**
 * A fresh folder for a whole file or describe block, removed after its last test (tests only;
 * call it while the file is collected: at module level or in a describe body). For state that
 * outlives one test, such as a mocked app's userData folder.
 */
export function suiteTempDir(prefix = 'wukong-test-'): string {
  const dir = makeTempDir(prefix);
  afterAll(() => removeDir(dir));
  return dir;
}
