import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DATA_DIR_PREFIX, prepareDataDir } from './data-dir';

describe('dev:web data folder', () => {
  let base: string;
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('defaults to a fresh private folder, different on every run', () => {
    base = mkdtempSync(join(tmpdir(), 'wukong-dd-'));
    const first = prepareDataDir(undefined, base);
    const second = prepareDataDir(undefined, base);
    expect(first).not.toBe(second);
    expect(basename(first).startsWith(DATA_DIR_PREFIX)).toBe(true);
    expect(statSync(first).mode & 0o777).toBe(0o700);
  });

  it('creates a given folder private when it is missing', () => {
    base = mkdtempSync(join(tmpdir(), 'wukong-dd-'));
    const dir = prepareDataDir(join(base, 'mine'), base);
    expect(dir).toBe(join(base, 'mine'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
