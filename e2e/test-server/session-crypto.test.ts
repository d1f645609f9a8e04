import { describe, expect, it } from 'vitest';
import { loadVectors, vectorByName } from '../../src/main/im/protocol/testing/vectors';
import {
  CryptoFailure,
  PayloadCipher,
  generateServerKeyPair,
  keyPairFromPrivate,
  randomSalt,
  sharedSecret,
} from './session-crypto';

/** The key-exchange values this test reads are all strings in the vector file. */
function cryptoText(key: string): string {
  const v = loadVectors().session_crypto[key];
  if (typeof v !== 'string') throw new Error(`session_crypto.${key} is not a string`);
  return v;
}
const sc = {
  server_private_key_hex: cryptoText('server_private_key_hex'),
  client_key_base64: cryptoText('client_key_base64'),
  salt: cryptoText('salt'),
  server_key_base64: cryptoText('server_key_base64'),
  shared_secret_hex: cryptoText('shared_secret_hex'),
};
const field = (name: string): Record<string, unknown> => vectorByName(name).fields;

describe('test-server session crypto (spec §7, vectors.json)', () => {
  const server = keyPairFromPrivate(Buffer.from(sc.server_private_key_hex, 'hex'));
  const shared = sharedSecret(server.privateKey, sc.client_key_base64);
  const cipher = PayloadCipher.fromShared(shared, sc.salt);

  it('reproduces the key agreement of session_crypto', () => {
    expect(server.publicKeyBase64).toBe(sc.server_key_base64);
    expect(shared.toString('hex')).toBe(sc.shared_secret_hex);
  });

  it('reproduces SEND payload and msgKey of send_js104', () => {
    const f = field('send_js104');
    const wire = cipher.enc(Buffer.from(String(f.payload_plaintext_hex), 'hex'));
    expect(wire.toString()).toBe(f.payload_on_wire);
    expect(cipher.dec(wire).toString('hex')).toBe(f.payload_plaintext_hex);
    const key = cipher.sendMsgKey({
      clientSeq: Number(f.clientSeq),
      clientMsgNo: String(f.clientMsgNo),
      channelId: String(f.channelID),
      channelType: Number(f.channelType),
      payload: wire,
    });
    expect(key).toBe(f.msgKey);
  });

  it('reproduces the RECV msgKey of recv_v5', () => {
    const f = field('recv_v5');
    const key = cipher.recvMsgKey({
      messageId: BigInt(String(f.messageID)),
      messageSeq: BigInt(Number(f.messageSeq)),
      clientMsgNo: String(f.clientMsgNo),
      timestamp: Number(f.timestamp),
      fromUid: String(f.fromUID),
      channelId: String(f.channelID),
      channelType: Number(f.channelType),
      payload: Buffer.from(String(f.payload_on_wire)),
    });
    expect(key).toBe(f.msgKey);
  });

  it('rejects bad keys and bad ciphertext with CryptoFailure', () => {
    expect(() => sharedSecret(server.privateKey, 'not base64!')).toThrow(CryptoFailure);
    expect(() => sharedSecret(server.privateKey, 'AAAA')).toThrow(CryptoFailure);
    expect(() => cipher.dec(Buffer.from('%%%%'))).toThrow(CryptoFailure);
    expect(() => cipher.dec(Buffer.from('AAAA'))).toThrow(CryptoFailure);
    expect(() => cipher.dec(Buffer.from('AAAAAAAAAAAAAAAAAAAAAA=='))).toThrow(CryptoFailure);
  });

  it('fresh keys agree and salts are 16 alphanumerics', () => {
    const a = generateServerKeyPair();
    const b = generateServerKeyPair();
    expect(sharedSecret(a.privateKey, b.publicKeyBase64)).toEqual(
      sharedSecret(b.privateKey, a.publicKeyBase64),
    );
    expect(randomSalt()).toMatch(/^[0-9a-zA-Z]{16}$/);
    const plain = PayloadCipher.plaintext();
    expect(plain.enc(Buffer.from('x')).toString()).toBe('x');
    expect(plain.msgKey('anything')).toBe('');
  });
});
