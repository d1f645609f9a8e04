import { describe, expect, it } from 'vitest';
import { DistUsageError, parseDistArgs } from './dist-args';

describe('dist options', () => {
  it('defaults to release installers, not published', () => {
    expect(parseDistArgs([], {})).toEqual({
      dir: false,
      testBuild: false,
      publish: false,
      skipBuild: false,
    });
  });

  it('reads flags and WUKONG_TEST_BUILD', () => {
    expect(parseDistArgs(['--dir', '--skip-build'], { WUKONG_TEST_BUILD: '1' })).toEqual({
      dir: true,
      testBuild: true,
      publish: false,
      skipBuild: true,
    });
    expect(parseDistArgs(['--publish'], {}).publish).toBe(true);
  });

  it('rejects unknown flags and publishing a test build', () => {
    expect(() => parseDistArgs(['--mac'], {})).toThrow(DistUsageError);
    expect(() => parseDistArgs(['--test-build', '--publish'], {})).toThrow(/never published/);
  });
});
