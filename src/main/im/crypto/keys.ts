/**
 * X25519 key agreement (spec §7.1) with Node's built-in crypto only.
 * Raw 32-byte keys are moved in and out of KeyObjects through fixed DER prefixes
 * (PKCS#8 for private keys, SPKI for public keys), which is exact and fast.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomInt,
  type KeyObject,
} from 'node:crypto';
import { ProtocolError } from '../protocol/protocol-error';

const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
/** Standard base64 of exactly 32 bytes: 43 alphabet characters and one '=' pad. */
const KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const SALT_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface SessionKeyPair {
  privateKey: KeyObject;
  /** standard base64 of the raw 32-byte public key (44 characters): CONNECT.clientKey */
  publicKeyBase64: string;
}

/** Raw 32-byte public key of an X25519 KeyObject (public or private). */
export function exportRawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const der = pub.export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** Raw 32-byte (clamped) scalar of an X25519 private key. */
export function exportRawPrivateKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** A fresh random key pair; one per connection. */
export function generateKeyPair(): SessionKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey, publicKeyBase64: exportRawPublicKey(publicKey).toString('base64') };
}

/**
 * Deterministic key pair from 32 secret bytes, clamped as RFC 7748 (and the JS SDK, which
 * seeds with 32 ASCII characters) does. Meant for test vectors and reproducible fixtures.
 */
export function keyPairFromSeed(seed32: Buffer): SessionKeyPair {
  if (!Buffer.isBuffer(seed32) || seed32.length !== 32) {
    throw new ProtocolError('invalidField', 'an X25519 seed must be exactly 32 bytes');
  }
  const scalar = Buffer.from(seed32);
  scalar[0]! &= 248;
  scalar[31]! &= 127;
  scalar[31]! |= 64;
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, scalar]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKeyBase64: exportRawPublicKey(privateKey).toString('base64') };
}

/** Parses a peer's base64 public key (CONNECT.clientKey / CONNACK.serverKey). */
export function publicKeyFromBase64(peerPublicBase64: string): KeyObject {
  if (typeof peerPublicBase64 !== 'string' || !KEY_BASE64.test(peerPublicBase64)) {
    throw new ProtocolError(
      'invalidField',
      'peer public key must be the 44-character standard base64 of 32 bytes',
    );
  }
  const raw = Buffer.from(peerPublicBase64, 'base64');
  try {
    return createPublicKey({
      key: Buffer.concat([SPKI_X25519_PREFIX, raw]),
      format: 'der',
      type: 'spki',
    });
  } catch (err) {
    throw new ProtocolError('invalidField', `peer public key rejected: ${String(err)}`);
  }
}

/** shared = X25519(own private, peer public): 32 bytes, the same on both sides. */
export function deriveSharedSecret(privateKey: KeyObject, peerPublicBase64: string): Buffer {
  const publicKey = publicKeyFromBase64(peerPublicBase64);
  try {
    return diffieHellman({ privateKey, publicKey });
  } catch (err) {
    // e.g. a low-order point, whose shared secret would be all zeros
    throw new ProtocolError('invalidField', `X25519 agreement failed: ${String(err)}`);
  }
}

/** Server side: 16 random characters from [0-9a-zA-Z], used as the AES IV (spec §7.1 step 3). */
export function generateSalt(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += SALT_ALPHABET[randomInt(SALT_ALPHABET.length)];
  return s;
}
