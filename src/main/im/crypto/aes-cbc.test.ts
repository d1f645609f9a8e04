import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesCbc } from './aes-cbc';

const key = Buffer.from('d3514bfacef9c97a', 'latin1');
const iv = Buffer.from('aB3dE6gH9jK2mN5p', 'latin1');

function refEncrypt(data: Buffer): Buffer {
  const c = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function refDecrypt(ct: Buffer): Buffer {
  const d = createDecipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([d.update(ct), d.final()]);
}

describe('AesCbc (reused contexts) equals a fresh createCipheriv per operation', () => {
  it('for long interleaved sequences of encryptions and decryptions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            head: fc.string({ unit: 'binary', maxLength: 40 }),
            body: fc.uint8Array({ maxLength: 600 }),
            decryptToo: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (ops) => {
          const aes = new AesCbc(key, iv);
          for (const op of ops) {
            const plain = Buffer.concat([Buffer.from(op.head, 'utf8'), op.body]);
            const ct = aes.encrypt(op.head, op.body);
            expect(ct.equals(refEncrypt(plain))).toBe(true);
            if (op.decryptToo) expect(aes.decrypt(refEncrypt(plain))?.equals(plain)).toBe(true);
            expect(refDecrypt(ct).equals(plain)).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 128 },
    );
  });

  it('block-aligned inputs get a full padding block; empty input one block', () => {
    const aes = new AesCbc(key, iv);
    expect(aes.encrypt('', Buffer.alloc(0)).length).toBe(16);
    expect(aes.encrypt('', Buffer.alloc(16)).length).toBe(32);
    expect(
      aes
        .encrypt('0123456789abcdef', Buffer.alloc(0))
        .equals(refEncrypt(Buffer.from('0123456789abcdef'))),
    ).toBe(true);
    // inputs larger than the initial scratch buffer
    const big = Buffer.alloc(5000, 7);
    expect(aes.encrypt('', big).equals(refEncrypt(big))).toBe(true);
  });

  it('decrypt returns null for bad lengths and bad padding, and keeps working after', () => {
    const aes = new AesCbc(key, iv);
    expect(aes.decrypt(Buffer.alloc(0))).toBeNull();
    expect(aes.decrypt(Buffer.alloc(15))).toBeNull();
    const ct = refEncrypt(Buffer.from('hello'));
    let nulls = 0;
    for (let i = 0; i < 10; i++) {
      const t = Buffer.from(ct);
      t[t.length - 1] = i * 17;
      if (aes.decrypt(t) === null) nulls++;
    }
    expect(nulls).toBeGreaterThan(5);
    expect(aes.decrypt(ct)?.toString()).toBe('hello');
  });
});
