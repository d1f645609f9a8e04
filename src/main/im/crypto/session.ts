/**
 * Setting up a session's cipher from the CONNECT/CONNACK exchange, for both ends.
 */
import type { KeyObject } from 'node:crypto';
import { ProtocolError } from '../protocol/protocol-error';
import { deriveSharedSecret, generateKeyPair, generateSalt, type SessionKeyPair } from './keys';
import { PlaintextCipher, SessionCipher, type PayloadCipher } from './session-cipher';

/**
 * Client side, after a successful CONNACK: an empty serverKey and salt mean encryption is off
 * server-wide (spec §7.6); otherwise both must be usable.
 */
export function cipherFromConnack(
  privateKey: KeyObject,
  connack: { serverKey: string; salt: string },
): PayloadCipher {
  if (connack.serverKey === '' && connack.salt === '') return new PlaintextCipher();
  if (connack.serverKey === '' || connack.salt === '') {
    throw new ProtocolError('invalidField', 'CONNACK has only one of serverKey and salt');
  }
  return SessionCipher.fromSharedSecret(
    deriveSharedSecret(privateKey, connack.serverKey),
    connack.salt,
  );
}

export interface ServerSession {
  /** CONNACK.serverKey */
  serverKey: string;
  /** CONNACK.salt */
  salt: string;
  cipher: PayloadCipher;
}

/**
 * Server side, on CONNECT: a fresh key pair and salt and the resulting cipher (spec §7.1
 * steps 3-4). With `encryption: false`, empty serverKey/salt and a PlaintextCipher.
 * `keyPair`/`salt` may be fixed for reproducible tests.
 */
export function acceptClientKey(
  clientKeyBase64: string,
  opts?: { encryption?: boolean; keyPair?: SessionKeyPair; salt?: string },
): ServerSession {
  if (opts?.encryption === false) return { serverKey: '', salt: '', cipher: new PlaintextCipher() };
  const pair = opts?.keyPair ?? generateKeyPair();
  const salt = opts?.salt ?? generateSalt();
  const shared = deriveSharedSecret(pair.privateKey, clientKeyBase64);
  return {
    serverKey: pair.publicKeyBase64,
    salt,
    cipher: SessionCipher.fromSharedSecret(shared, salt),
  };
}
