/**
 * The server side of WuKongIM session security (spec §7), written independently of the client's
 * crypto module on purpose: the test server then checks the client's implementation instead of
 * mirroring it. X25519 key agreement, AES-128-CBC/PKCS#7 with ASCII key and IV, MD5 msgKeys.
 */
import crypto from 'node:crypto';

// DER prefixes that wrap a raw 32-byte X25519 key (RFC 8410).
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const SALT_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class CryptoFailure extends Error {
  override readonly name = 'CryptoFailure';
}

export interface ServerKeyPair {
  privateKey: crypto.KeyObject;
  publicKeyBase64: string;
}

export function generateServerKeyPair(): ServerKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('x25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyBase64: der.subarray(der.length - 32).toString('base64') };
}

/** A key pair from a fixed 32-byte scalar (used to reproduce the spec's vectors). */
export function keyPairFromPrivate(raw: Buffer): ServerKeyPair {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  const der = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyBase64: der.subarray(der.length - 32).toString('base64') };
}

/** Throws CryptoFailure when the peer key is not base64 of at least 32 bytes. */
export function sharedSecret(privateKey: crypto.KeyObject, peerPublicBase64: string): Buffer {
  // Go's base64 decoder is strict; Node's is lenient, so check the alphabet first.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(peerPublicBase64)) {
    throw new CryptoFailure('clientKey is not base64');
  }
  const raw = Buffer.from(peerPublicBase64, 'base64');
  if (raw.length < 32) throw new CryptoFailure(`clientKey has ${raw.length} bytes, need 32`);
  const publicKey = crypto.createPublicKey({
    key: Buffer.concat([SPKI_X25519_PREFIX, raw.subarray(0, 32)]),
    format: 'der',
    type: 'spki',
  });
  return crypto.diffieHellman({ privateKey, publicKey });
}

export function randomSalt(): string {
  const bytes = crypto.randomBytes(16);
  let s = '';
  for (const b of bytes) s += SALT_ALPHABET[b % SALT_ALPHABET.length];
  return s;
}

const md5hex = (data: Buffer | string): string =>
  crypto.createHash('md5').update(data).digest('hex');

/** Per-connection payload cipher; `null` key means encryption is off (plaintext, empty msgKey). */
export class PayloadCipher {
  private constructor(
    private readonly key: Buffer | null,
    private readonly iv: Buffer | null,
  ) {}

  static plaintext(): PayloadCipher {
    return new PayloadCipher(null, null);
  }

  static fromShared(shared: Buffer, salt: string): PayloadCipher {
    const aesKey = md5hex(shared.toString('base64')).slice(0, 16);
    return new PayloadCipher(Buffer.from(aesKey, 'ascii'), Buffer.from(salt.slice(0, 16), 'ascii'));
  }

  get encrypted(): boolean {
    return this.key !== null;
  }

  /** ENC(bytes): ASCII of base64 of AES-128-CBC. Identity when plaintext. */
  enc(plain: Buffer): Buffer {
    if (!this.key || !this.iv) return plain;
    const c = crypto.createCipheriv('aes-128-cbc', this.key, this.iv);
    const out = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.from(out.toString('base64'), 'ascii');
  }

  /** DEC(text); throws CryptoFailure on anything that is not our ciphertext. */
  dec(wire: Buffer): Buffer {
    if (!this.key || !this.iv) return wire;
    const text = wire.toString('latin1');
    if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
      throw new CryptoFailure('payload is not base64');
    }
    const raw = Buffer.from(text, 'base64');
    if (raw.length === 0 || raw.length % 16 !== 0) {
      throw new CryptoFailure('ciphertext is not a whole number of AES blocks');
    }
    try {
      const d = crypto.createDecipheriv('aes-128-cbc', this.key, this.iv);
      return Buffer.concat([d.update(raw), d.final()]);
    } catch {
      throw new CryptoFailure('bad padding');
    }
  }

  /** msgKey = md5hex(ENC(utf8(verify))); '' when plaintext. */
  msgKey(verify: string): string {
    if (!this.encrypted) return '';
    return md5hex(this.enc(Buffer.from(verify, 'utf8')));
  }

  sendMsgKey(p: {
    clientSeq: number;
    clientMsgNo: string;
    channelId: string;
    channelType: number;
    payload: Buffer;
  }): string {
    return this.msgKey(
      `${p.clientSeq}${p.clientMsgNo}${p.channelId}${p.channelType}${p.payload.toString('latin1')}`,
    );
  }

  recvMsgKey(p: {
    messageId: bigint;
    messageSeq: bigint;
    clientMsgNo: string;
    timestamp: number;
    fromUid: string;
    channelId: string;
    channelType: number;
    payload: Buffer;
  }): string {
    return this.msgKey(
      `${p.messageId}${p.messageSeq}${p.clientMsgNo}${p.timestamp}${p.fromUid}${p.channelId}` +
        `${p.channelType}${p.payload.toString('latin1')}`,
    );
  }
}
