import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { suiteTempDir, tempDir } from './temp-dir';

// The tests in each describe run in order: a later test looks at what an earlier one left.
describe('tempDir', () => {
  let passed = '';
  let failed = '';

  it('is a fresh, empty folder in the OS temp dir, named with the prefix', () => {
    passed = tempDir('temp-dir-test-');
    expect(dirname(passed)).toBe(tmpdir());
    expect(basename(passed)).toMatch(/^temp-dir-test-/);
    expect(statSync(passed).isDirectory()).toBe(true);
    expect(readdirSync(passed)).toEqual([]);
    expect(tempDir('temp-dir-test-')).not.toBe(passed);
    writeFileSync(join(passed, 'content.txt'), 'left by the test');
  });

  it('is gone, contents and all, once its test has finished', () => {
    expect(passed).not.toBe('');
    expect(existsSync(passed)).toBe(false);
  });

  it.fails('is removed when its test fails too (this test fails on purpose)', () => {
    failed = tempDir('temp-dir-test-');
    writeFileSync(join(failed, 'content.txt'), 'left by a failing test');
    throw new Error('failing on purpose');
  });

  it('is gone after the failed test', () => {
    expect(failed).not.toBe('');
    expect(existsSync(failed)).toBe(false);
  });
});

describe('tempDir in a beforeEach', () => {
  const seen: string[] = [];
  let current = '';
  beforeEach(() => {
    current = tempDir('temp-dir-test-each-');
  });

  it('belongs to the test it was made for', () => {
    expect(existsSync(current)).toBe(true);
    seen.push(current);
  });

  it('is gone after that test; the next test has a new one', () => {
    expect(seen).toHaveLength(1);
    expect(current).not.toBe(seen[0]);
    expect(existsSync(seen[0] ?? '')).toBe(false);
  });
});

describe('suiteTempDir', () => {
  let shared = '';

  describe('a block with its own folder', () => {
    shared = suiteTempDir('temp-dir-test-suite-');

    it('keeps the folder from one test to the next', () => {
      writeFileSync(join(shared, 'first.txt'), 'from the first test');
    });

    it('still has what the first test wrote', () => {
      expect(readdirSync(shared)).toEqual(['first.txt']);
    });
  });

  it('is gone once the block has finished', () => {
    expect(shared).not.toBe('');
    expect(existsSync(shared)).toBe(false);
  });
});
