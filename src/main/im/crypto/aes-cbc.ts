/**
 * AES-128-CBC with PKCS#7 under one fixed key and IV, without a new OpenSSL context per call.
 *
 * A session encrypts and decrypts many small payloads with the same key and IV (spec §7.1), and
 * createCipheriv per operation costs more than the AES work itself. So:
 *  - encryption keeps one CBC cipher without auto-padding. CBC computes E(P_i xor C_{i-1}); after
 *    a message the context's chaining block is that message's last ciphertext block `prev`. To
 *    start the next message from the session IV instead, its first block is xored with
 *    (IV xor prev). Padding is added here, and only whole blocks are ever fed, so no plaintext is
 *    buffered inside the context between calls.
 *  - decryption keeps one ECB decipher without padding (blocks are independent) and applies the
 *    CBC xor with the previous ciphertext block here, then checks and strips the padding.
 * Both contexts are used synchronously and only with whole blocks, so reuse is safe; the output
 * equals createCipheriv('aes-128-cbc', key, iv) (tests compare the two).
 */
import { createCipheriv, createDecipheriv, type Cipheriv, type Decipheriv } from 'node:crypto';

const BLOCK = 16;

export class AesCbc {
  private readonly enc: Cipheriv;
  private readonly dec: Decipheriv;
  /** chaining block the encryption context holds (its last output block) */
  private readonly prev: Buffer;
  /** reusable input buffer for encryption (grown on demand; never handed out) */
  private scratch = Buffer.alloc(1024);

  constructor(
    key: Buffer,
    private readonly iv: Buffer,
  ) {
    this.enc = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    this.dec = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    this.prev = Buffer.from(iv);
  }

  /** AES-128-CBC-PKCS7 of `head` (UTF-8 text, may be empty) followed by `body` bytes. */
  encrypt(head: string, body: Uint8Array): Buffer {
    const headLen = head.length === 0 ? 0 : Buffer.byteLength(head, 'utf8');
    const len = headLen + body.length;
    const pad = BLOCK - (len % BLOCK);
    const total = len + pad;
    if (this.scratch.length < total)
      this.scratch = Buffer.alloc(Math.max(total, this.scratch.length * 2));
    const buf = this.scratch;
    if (headLen > 0) buf.write(head, 0, headLen, 'utf8');
    buf.set(body, headLen);
    buf.fill(pad, len, total);
    const iv = this.iv;
    const prev = this.prev;
    for (let i = 0; i < BLOCK; i++) buf[i] = buf[i]! ^ iv[i]! ^ prev[i]!;
    const out = this.enc.update(total === buf.length ? buf : buf.subarray(0, total));
    out.copy(prev, 0, total - BLOCK, total);
    return out;
  }

  /**
   * Inverse of encrypt(); `ct` must be a non-empty multiple of 16 bytes.
   * Returns null when the padding is invalid (wrong key or corrupted data).
   */
  decrypt(ct: Buffer): Buffer | null {
    const n = ct.length;
    if (n === 0 || n % BLOCK !== 0) return null;
    const out = this.dec.update(ct);
    const iv = this.iv;
    for (let i = 0; i < BLOCK; i++) out[i] = out[i]! ^ iv[i]!;
    for (let i = BLOCK; i < n; i++) out[i] = out[i]! ^ ct[i - BLOCK]!;
    const pad = out[n - 1]!;
    if (pad === 0 || pad > BLOCK) return null;
    for (let i = n - pad; i < n - 1; i++) if (out[i] !== pad) return null;
    return out.subarray(0, n - pad);
  }
}
