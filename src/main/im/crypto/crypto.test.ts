import { describe, expect, it } from 'vitest';
import { PacketType, ProtocolError, decodePacket, encodePacket } from '../protocol';
import { loadVectors, type PacketVector } from '../protocol/testing/vectors';
import {
  PlaintextCipher,
  SessionCipher,
  acceptClientKey,
  cipherFromConnack,
  deriveSharedSecret,
  exportRawPrivateKey,
  exportRawPublicKey,
  generateKeyPair,
  generateSalt,
  keyPairFromSeed,
  openRecv,
  sealSend,
} from './index';
import { openSend, sealRecv } from './testing/server-seal';

const file = loadVectors();
const sc = file.session_crypto as Record<string, string>;
const client = keyPairFromSeed(Buffer.from(sc.client_seed_ascii!, 'latin1'));
const server = keyPairFromSeed(Buffer.from(sc.server_seed_ascii!, 'latin1'));
const shared = deriveSharedSecret(client.privateKey, sc.server_key_base64!);
const cipher = SessionCipher.fromSharedSecret(shared, sc.salt!);

function expectProtocolError(fn: () => unknown, code: ProtocolError['code']): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).code).toBe(code);
    return;
  }
  throw new Error(`expected ProtocolError ${code}, nothing was thrown`);
}

describe('session_crypto vector', () => {
  it('seeds reproduce the clamped private keys and the public keys', () => {
    expect(exportRawPrivateKey(client.privateKey).toString('hex')).toBe(sc.client_private_key_hex);
    expect(exportRawPrivateKey(server.privateKey).toString('hex')).toBe(sc.server_private_key_hex);
    expect(exportRawPublicKey(client.privateKey).toString('hex')).toBe(sc.client_public_key_hex);
    expect(client.publicKeyBase64).toBe(sc.client_key_base64);
    expect(server.publicKeyBase64).toBe(sc.server_key_base64);
  });

  it('both sides derive the same shared secret', () => {
    expect(shared.toString('hex')).toBe(sc.shared_secret_hex);
    expect(shared.toString('base64')).toBe(sc.shared_secret_base64);
    const fromServer = deriveSharedSecret(server.privateKey, sc.client_key_base64!);
    expect(fromServer.equals(shared)).toBe(true);
  });

  it('AES key and IV are the ASCII bytes of md5hex[0..16] and the salt', () => {
    expect(cipher.key.toString('hex')).toBe(sc.aes_key_hex);
    expect(cipher.key.toString('latin1')).toBe(sc.aes_key);
    expect(cipher.iv.toString('hex')).toBe(sc.aes_iv_hex);
  });

  it('every vector that uses session crypto carries the same key material', () => {
    for (const v of file.vectors.filter((x) => x.uses_session_crypto)) {
      const c = (v as PacketVector & { crypto: Record<string, string> }).crypto;
      expect(c.shared_secret_hex, v.name).toBe(sc.shared_secret_hex);
      expect(c.aes_key, v.name).toBe(sc.aes_key);
      expect(c.aes_iv, v.name).toBe(sc.aes_iv);
    }
  });
});

describe('msgKey and payload of every vector', () => {
  const sends = file.vectors.filter((v) => v.type === PacketType.SEND);
  const recvs = file.vectors.filter((v) => v.type === PacketType.RECV);
  expect(sends.length).toBeGreaterThan(0);
  expect(recvs.length).toBeGreaterThan(0);

  for (const v of [...sends, ...recvs]) {
    it(`${v.name}: msgKey verifies and the payload decrypts`, () => {
      const f = v.fields as Record<string, string | number>;
      const version = v.protocol_versions[0]!;
      const p = decodePacket(Buffer.from(v.hex, 'hex'), version);
      // encryption of the plaintext gives exactly the wire payload (static IV, §7.5)
      const plain = Buffer.from(String(f.payload_plaintext_utf8), 'utf8');
      expect(cipher.encrypt(plain).toString('latin1')).toBe(f.payload_on_wire);
      if (p.type === PacketType.SEND) {
        expect(cipher.sendMsgKey({ ...p, payloadOnWire: p.payload })).toBe(f.msgKey);
        expect(openSend(cipher, p).toString('utf8')).toBe(f.payload_plaintext_utf8);
        if (typeof f.msg_key_ciphertext_base64 === 'string') {
          const verify = Buffer.from(String(f.verify_string), 'utf8');
          expect(cipher.encrypt(verify).toString('latin1')).toBe(f.msg_key_ciphertext_base64);
        }
      } else if (p.type === PacketType.RECV) {
        expect(cipher.recvMsgKey({ ...p, payloadOnWire: p.payload })).toBe(f.msgKey);
        expect(openRecv(cipher, p).toString('utf8')).toBe(f.payload_plaintext_utf8);
      } else {
        throw new Error('unexpected packet type');
      }
    });
  }

  it('sealSend reproduces send_js104 byte for byte', () => {
    const v = file.vectors.find((x) => x.name === 'send_js104')!;
    const f = v.fields as Record<string, string | number>;
    const packet = sealSend(cipher, {
      flags: { dup: false, syncOnce: false, redDot: true, noPersist: false },
      setting: Number(f.setting),
      clientSeq: Number(f.clientSeq),
      clientMsgNo: String(f.clientMsgNo),
      channelId: String(f.channelID),
      channelType: Number(f.channelType),
      payload: Buffer.from(String(f.payload_plaintext_utf8), 'utf8'),
    });
    expect(encodePacket(packet, 2).toString('hex')).toBe(v.hex);
  });

  it('sealRecv reproduces recv_v5 byte for byte', () => {
    const v = file.vectors.find((x) => x.name === 'recv_v5')!;
    const f = v.fields as Record<string, string | number>;
    const packet = sealRecv(cipher, {
      flags: { dup: false, syncOnce: false, redDot: true, noPersist: false },
      setting: Number(f.setting),
      fromUid: String(f.fromUID),
      channelId: String(f.channelID),
      channelType: Number(f.channelType),
      expire: Number(f.expire),
      clientMsgNo: String(f.clientMsgNo),
      messageId: BigInt(f.messageID!),
      messageSeq: BigInt(f.messageSeq!),
      timestamp: Number(f.timestamp),
      payload: Buffer.from(String(f.payload_plaintext_utf8), 'utf8'),
    });
    expect(encodePacket(packet, 5).toString('hex')).toBe(v.hex);
  });
});

describe('seal/open', () => {
  const draft = {
    setting: 0,
    clientSeq: 42,
    clientMsgNo: 'm-42',
    channelId: 'g1',
    channelType: 2,
    payload: Buffer.from('{"type":1,"content":"héllo"}'),
  };

  it('round-trips between two independently derived ciphers', () => {
    const c = generateKeyPair();
    const srv = acceptClientKey(c.publicKeyBase64);
    const clientCipher = cipherFromConnack(c.privateKey, srv);
    const sent = sealSend(clientCipher, draft);
    expect(sent.msgKey).toMatch(/^[0-9a-f]{32}$/);
    expect(openSend(srv.cipher, sent).equals(draft.payload)).toBe(true);
    const recv = sealRecv(srv.cipher, {
      setting: 0,
      fromUid: 'u1',
      channelId: 'g1',
      channelType: 2,
      clientMsgNo: 'm-42',
      messageId: 9_007_199_254_740_993n,
      messageSeq: 4_294_967_295n,
      timestamp: 1_700_000_000,
      payload: draft.payload,
    });
    expect(openRecv(clientCipher, recv).equals(draft.payload)).toBe(true);
  });

  it('rejects a tampered msgKey, field or payload', () => {
    const sent = sealSend(cipher, draft);
    expectProtocolError(
      () => openSend(cipher, { ...sent, msgKey: '0'.repeat(32) }),
      'msgKeyMismatch',
    );
    expectProtocolError(() => openSend(cipher, { ...sent, clientSeq: 43 }), 'msgKeyMismatch');
    expectProtocolError(() => openSend(cipher, { ...sent, channelId: 'g2' }), 'msgKeyMismatch');
    const payload = Buffer.from(sent.payload);
    payload[0] = payload[0] === 0x41 ? 0x42 : 0x41;
    expectProtocolError(() => openSend(cipher, { ...sent, payload }), 'msgKeyMismatch');
  });

  it('rejects a RECV whose msgKey was made with another key', () => {
    const other = acceptClientKey(generateKeyPair().publicKeyBase64).cipher;
    const recv = sealRecv(other, {
      setting: 0,
      fromUid: 'u1',
      channelId: 'u1',
      channelType: 1,
      clientMsgNo: 'x',
      messageId: 1n,
      messageSeq: 1n,
      timestamp: 1,
      payload: Buffer.from('hi'),
    });
    expectProtocolError(() => openRecv(cipher, recv), 'msgKeyMismatch');
  });

  it('decrypt refuses what is not base64 AES ciphertext', () => {
    for (const bad of [
      '',
      'abc',
      'a!b@c#d$',
      'QUJD',
      '@@@@@@@@@@@@@@@@@@@@@@@=',
      'QUJDREVGR0hJSktMTU5PUA==',
    ]) {
      expectProtocolError(() => cipher.decrypt(Buffer.from(bad, 'latin1')), 'decryptFailed');
    }
    // right length, wrong key: the PKCS#7 padding check fails (or, rarely, garbage survives)
    const wrong = SessionCipher.fromKeyAndIv('0123456789abcdef', sc.salt!);
    const wire = cipher.encrypt(Buffer.from('x'.repeat(31)));
    let failures = 0;
    try {
      const out = wrong.decrypt(wire);
      expect(out.equals(Buffer.from('x'.repeat(31)))).toBe(false);
    } catch (err) {
      expect(err).toBeInstanceOf(ProtocolError);
      failures++;
    }
    expect(failures).toBeLessThanOrEqual(1);
  });
});

describe('plaintext mode', () => {
  it('an empty serverKey and salt switch encryption off', () => {
    const c = cipherFromConnack(generateKeyPair().privateKey, { serverKey: '', salt: '' });
    expect(c).toBeInstanceOf(PlaintextCipher);
    expect(c.encrypted).toBe(false);
    const sent = sealSend(c, {
      setting: 0,
      clientSeq: 1,
      clientMsgNo: 'a',
      channelId: 'b',
      channelType: 1,
      payload: Buffer.from([0, 1, 2, 255]),
    });
    expect(sent.msgKey).toBe('');
    expect([...sent.payload]).toEqual([0, 1, 2, 255]);
    expect([...openSend(c, sent)]).toEqual([0, 1, 2, 255]);
    expect(
      SessionCipher.plaintext().recvMsgKey({
        messageId: 1n,
        messageSeq: 1n,
        clientMsgNo: '',
        timestamp: 0,
        fromUid: '',
        channelId: '',
        channelType: 1,
        payloadOnWire: Buffer.alloc(0),
      }),
    ).toBe('');
  });

  it('the server side can be told to run without encryption', () => {
    const s = acceptClientKey('', { encryption: false });
    expect(s.serverKey).toBe('');
    expect(s.salt).toBe('');
    expect(s.cipher.encrypted).toBe(false);
  });

  it('only one of serverKey/salt empty is an error', () => {
    const pk = generateKeyPair().privateKey;
    expectProtocolError(
      () => cipherFromConnack(pk, { serverKey: '', salt: 'aB3dE6gH9jK2mN5p' }),
      'invalidField',
    );
    expectProtocolError(
      () => cipherFromConnack(pk, { serverKey: sc.server_key_base64!, salt: '' }),
      'invalidField',
    );
  });
});

describe('key handling errors', () => {
  const pk = client.privateKey;
  it('rejects malformed peer keys with invalidField', () => {
    for (const bad of [
      '',
      'not base64 at all',
      sc.server_key_base64!.slice(0, 43),
      `${sc.server_key_base64!.slice(0, 43)}==`,
      Buffer.alloc(31).toString('base64'),
      Buffer.alloc(33).toString('base64'),
      `${sc.server_key_base64!.slice(0, 42)}-=`,
    ]) {
      expectProtocolError(() => deriveSharedSecret(pk, bad), 'invalidField');
    }
  });

  it('rejects a low-order point (all-zero shared secret)', () => {
    expectProtocolError(
      () => deriveSharedSecret(pk, Buffer.alloc(32).toString('base64')),
      'invalidField',
    );
  });

  it('rejects bad seeds, secrets and salts', () => {
    expectProtocolError(() => keyPairFromSeed(Buffer.alloc(31)), 'invalidField');
    expectProtocolError(
      () => SessionCipher.fromSharedSecret(Buffer.alloc(16), sc.salt!),
      'invalidField',
    );
    expectProtocolError(() => SessionCipher.fromSharedSecret(shared, 'short'), 'invalidField');
    expectProtocolError(
      () => SessionCipher.fromSharedSecret(shared, 'ééééééééééééééééé'),
      'invalidField',
    );
  });

  it('uses only the first 16 characters of a longer salt', () => {
    const long = SessionCipher.fromSharedSecret(shared, `${sc.salt!}EXTRA`);
    expect(long.iv.equals(cipher.iv)).toBe(true);
  });

  it('generates fresh keys and 16-character alphanumeric salts', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.publicKeyBase64).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(a.publicKeyBase64).not.toBe(b.publicKeyBase64);
    expect(
      deriveSharedSecret(a.privateKey, b.publicKeyBase64).equals(
        deriveSharedSecret(b.privateKey, a.publicKeyBase64),
      ),
    ).toBe(true);
    const salt = generateSalt();
    expect(salt).toMatch(/^[0-9a-zA-Z]{16}$/);
    expect(generateSalt()).not.toBe(salt);
  });
});
