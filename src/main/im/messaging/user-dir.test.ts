import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { userStorageDir } from './user-dir';

describe('userStorageDir', () => {
  it('is stable per uid, distinct between uids, and a plain folder name for any uid', () => {
    const base = path.join('/data', 'messages');
    const a = userStorageDir(base, 'alice');
    expect(userStorageDir(base, 'alice')).toBe(a);
    expect(userStorageDir(base, 'Alice')).not.toBe(a);
    for (const uid of ['../../etc', 'a/b\\c', 'con', '\u4f60\u597d', 'x'.repeat(500)]) {
      const dir = userStorageDir(base, uid);
      expect(path.dirname(dir)).toBe(base);
      expect(path.basename(dir)).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});
