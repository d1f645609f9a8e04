/**
 * Per-connection payload cipher and msgKey (spec §7.1 steps 6-8, §7.2-§7.4).
 *
 *   aesKey = ASCII of the first 16 hex chars of md5hex(base64(shared))
 *   iv     = ASCII of the first 16 chars of salt
 *   ENC(b) = ASCII base64 of AES-128-CBC-PKCS7(b)
 *   msgKey = md5hex(ENC(utf8(verify string)))
 *
 * Key and IV are fixed for the connection, so one AesCbc (reused OpenSSL contexts) serves every
 * operation of the session.
 */
import { createHash, hash } from 'node:crypto';
import { ProtocolError } from '../protocol/protocol-error';
import { AesCbc } from './aes-cbc';

export interface SendMsgKeyInput {
  clientSeq: number;
  clientMsgNo: string;
  channelId: string;
  channelType: number;
  /** payload bytes exactly as on the wire (base64 text when encrypted) */
  payloadOnWire: Uint8Array;
}

export interface RecvMsgKeyInput {
  messageId: bigint;
  messageSeq: bigint;
  clientMsgNo: string;
  timestamp: number;
  fromUid: string;
  channelId: string;
  channelType: number;
  payloadOnWire: Uint8Array;
}

/** What the client and the server need from a session: SessionCipher or PlaintextCipher. */
export interface PayloadCipher {
  /** false in plaintext mode (server sent an empty serverKey and salt) */
  readonly encrypted: boolean;
  /** plaintext payload -> bytes on the wire */
  encrypt(plain: Uint8Array): Buffer;
  /** bytes on the wire -> plaintext; ProtocolError 'decryptFailed' on bad input */
  decrypt(wire: Uint8Array): Buffer;
  sendMsgKey(p: SendMsgKeyInput): string;
  recvMsgKey(p: RecvMsgKeyInput): string;
}

/** One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for small inputs. */
const md5hex: (data: string) => string =
  typeof hash === 'function'
    ? (data) => hash('md5', data, 'hex')
    : (data) => createHash('md5').update(data).digest('hex');

/** Standard base64 text length for n bytes, and the bytes such text decodes to. */
function decodedBase64Length(text: string): number {
  const n = text.length;
  const pad =
    n > 0 && text.charCodeAt(n - 1) === 0x3d ? (text.charCodeAt(n - 2) === 0x3d ? 2 : 1) : 0;
  return (n / 4) * 3 - pad;
}

export class SessionCipher implements PayloadCipher {
  readonly encrypted = true;
  private readonly aes: AesCbc;

  private constructor(
    /** 16 ASCII bytes */
    readonly key: Buffer,
    /** 16 ASCII bytes */
    readonly iv: Buffer,
  ) {
    this.aes = new AesCbc(key, iv);
  }

  /** From the 32-byte X25519 shared secret and CONNACK.salt. */
  static fromSharedSecret(shared: Uint8Array, salt: string): SessionCipher {
    if (!(shared instanceof Uint8Array) || shared.length !== 32) {
      throw new ProtocolError('invalidField', 'the X25519 shared secret must be 32 bytes');
    }
    return SessionCipher.fromKeyAndIv(
      md5hex(Buffer.from(shared).toString('base64')).slice(0, 16),
      salt,
    );
  }

  /** From the textual key (16 chars) and salt (the first 16 chars are the IV). */
  static fromKeyAndIv(aesKey: string, salt: string): SessionCipher {
    const key = Buffer.from(aesKey, 'utf8');
    if (key.length !== 16) throw new ProtocolError('invalidField', 'AES key must be 16 bytes');
    if (typeof salt !== 'string') throw new ProtocolError('invalidField', 'salt must be a string');
    const iv = Buffer.from(salt.slice(0, 16), 'utf8');
    if (iv.length !== 16) {
      throw new ProtocolError(
        'invalidField',
        `salt must give a 16-byte IV, got ${iv.length} bytes`,
      );
    }
    return new SessionCipher(key, iv);
  }

  static plaintext(): PlaintextCipher {
    return new PlaintextCipher();
  }

  encrypt(plain: Uint8Array): Buffer {
    return Buffer.from(this.aes.encrypt('', plain).toString('base64'), 'latin1');
  }

  decrypt(wire: Uint8Array): Buffer {
    const text = Buffer.from(wire.buffer, wire.byteOffset, wire.byteLength).toString('latin1');
    if (text.length === 0 || text.length % 4 !== 0) {
      throw new ProtocolError(
        'decryptFailed',
        `payload of ${text.length} bytes is not base64 ciphertext`,
      );
    }
    const ct = Buffer.from(text, 'base64');
    // Node skips characters outside the alphabet; a short result means the text was not base64.
    if (ct.length !== decodedBase64Length(text) || ct.length % 16 !== 0) {
      throw new ProtocolError('decryptFailed', 'payload is not base64 of whole AES blocks');
    }
    const plain = this.aes.decrypt(ct);
    if (plain === null) {
      throw new ProtocolError('decryptFailed', 'payload does not decrypt with this session key');
    }
    return plain;
  }

  /** md5hex(base64(AES(verify))), where verify = prefix text + raw payload bytes. */
  private msgKey(prefix: string, payloadOnWire: Uint8Array): string {
    return md5hex(this.aes.encrypt(prefix, payloadOnWire).toString('base64'));
  }

  sendMsgKey(p: SendMsgKeyInput): string {
    return this.msgKey(
      `${p.clientSeq}${p.clientMsgNo}${p.channelId}${p.channelType}`,
      p.payloadOnWire,
    );
  }

  recvMsgKey(p: RecvMsgKeyInput): string {
    return this.msgKey(
      `${p.messageId}${p.messageSeq}${p.clientMsgNo}${p.timestamp}${p.fromUid}${p.channelId}${p.channelType}`,
      p.payloadOnWire,
    );
  }
}

/**
 * Encryption switched off server-wide (CONNACK with empty serverKey and salt, spec §7.6):
 * payloads travel as they are and msgKeys are empty.
 */
export class PlaintextCipher implements PayloadCipher {
  readonly encrypted = false;

  encrypt(plain: Uint8Array): Buffer {
    return Buffer.from(plain);
  }

  decrypt(wire: Uint8Array): Buffer {
    return Buffer.from(wire);
  }

  sendMsgKey(_p: SendMsgKeyInput): string {
    return '';
  }

  recvMsgKey(_p: RecvMsgKeyInput): string {
    return '';
  }
}
