import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeUserDataPrivate } from './private-files';
import { silentLogger } from './services/logger';
import { tempDir } from './testing/temp-dir';

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('private user data', () => {
  it('sets umask 077 and tightens what an older version left readable to others', () => {
    const userData = tempDir('wukong-private-');
    writeFileSync(join(userData, 'settings.json'), '{}', { mode: 0o644 });
    writeFileSync(join(userData, 'secrets.json'), '{}', { mode: 0o644 });
    mkdirSync(join(userData, 'logs'), { mode: 0o755 });
    writeFileSync(join(userData, 'logs', 'main.log'), 'x', { mode: 0o644 });
    mkdirSync(join(userData, 'messages', 'alice'), { recursive: true, mode: 0o755 });
    writeFileSync(join(userData, 'messages', 'alice', 'store.db'), 'x', { mode: 0o664 });
    writeFileSync(join(userData, 'Chromium Cache'), 'x', { mode: 0o644 });
    const umask = vi.fn(() => 0o022);

    makeUserDataPrivate(userData, { umask, logger: silentLogger });

    expect(umask).toHaveBeenCalledWith(0o077);
    expect(mode(userData)).toBe(0o700);
    for (const file of [
      'settings.json',
      'secrets.json',
      'logs/main.log',
      'messages/alice/store.db',
    ]) {
      expect(mode(join(userData, file)), file).toBe(0o600);
    }
    for (const dir of ['logs', 'messages', 'messages/alice']) {
      expect(mode(join(userData, dir)), dir).toBe(0o700);
    }
    // Chromium's own files are Chromium's business.
    expect(mode(join(userData, 'Chromium Cache'))).toBe(0o644);
  });

  it('keeps stricter modes and copes with a fresh, empty folder', () => {
    const userData = tempDir('wukong-private-');
    writeFileSync(join(userData, 'secrets.json'), '{}', { mode: 0o400 });
    makeUserDataPrivate(userData, { umask: () => 0, logger: silentLogger });
    expect(mode(join(userData, 'secrets.json'))).toBe(0o400);
  });
});
