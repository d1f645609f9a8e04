/**
 * Interop with an independent implementation: the official JS SDK (wukongimjssdk 1.0.4, which
 * speaks protocol version 2), loaded untouched from node_modules. Packets it encodes decode with
 * our codec; packets we encode decode with its decoder, including its RECV msgKey check and
 * payload decryption (the exact steps of its chat_manager) under a key it derives itself.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SessionCipher,
  acceptClientKey,
  deriveSharedSecret,
  keyPairFromSeed,
  type PayloadCipher,
} from '../crypto';
import { PacketType, SettingBit, decodePacket, encodePacket, type Packet } from './index';
import { loadJsSdk, type JsPacket, type JsSdk } from './testing/jssdk';
import { loadVectors } from './testing/vectors';
import { openSend, sealRecv } from '../crypto/testing/server-seal';

const V = 2; // the SDK's protocol version
const sc = loadVectors().session_crypto as Record<string, string>;
const clientSeed = Buffer.from(sc.client_seed_ascii!, 'latin1');

let sdk: JsSdk;
/** the server's cipher, derived by us */
let serverCipher: PayloadCipher;
/** the SDK client's X25519 private key (curve25519-js form) */
let sdkPrivate: Uint8Array;
let serverKey: string;
const salt = sc.salt!;

/** What the SDK's connect_manager does with a successful CONNACK. */
function sdkAdoptConnack(connack: JsPacket): void {
  const serverPub = Uint8Array.from(Buffer.from(String(connack.serverKey), 'base64'));
  const secret = sdk.sharedKey(sdkPrivate, serverPub);
  const md5 = sdk.Md5.init(Buffer.from(secret).toString('base64'));
  const sm = sdk.SecurityManager.shared();
  sm.aesKey = md5.substring(0, 16);
  const s = String(connack.salt);
  sm.aesIV = s.length > 16 ? s.substring(0, 16) : s;
}

/** What the SDK's chat_manager does with a RECV: check msgKey, then decrypt. */
function sdkOpenRecv(recv: JsPacket & { veritifyString: string }): Buffer | 'dropped' {
  const sm = sdk.SecurityManager.shared();
  const actual = sdk.Md5.init(sm.encryption(recv.veritifyString));
  if (actual !== recv.msgKey) return 'dropped';
  return Buffer.from(sm.decryption(recv.payload as Uint8Array));
}

const sdkDecode = (bytes: Buffer): JsPacket => new sdk.Proto().decode(new Uint8Array(bytes));
const sdkEncode = (p: JsPacket): Buffer => Buffer.from(new sdk.Proto().encode(p));

beforeAll(() => {
  sdk = loadJsSdk();
  sdkPrivate = sdk.generateKeyPair(Uint8Array.from(clientSeed)).private;
  const server = acceptClientKey(sc.client_key_base64!, {
    keyPair: keyPairFromSeed(Buffer.from(sc.server_seed_ascii!, 'latin1')),
    salt,
  });
  serverCipher = server.cipher;
  serverKey = server.serverKey;
  // the SDK client learns its key from a CONNACK we encode
  const connack = encodePacket(
    {
      type: PacketType.CONNACK,
      hasServerVersion: false,
      timeDiff: -5n,
      reasonCode: 1,
      serverKey,
      salt,
    },
    V,
  );
  sdkAdoptConnack(sdkDecode(connack));
}, 30_000);

// Strings the SDK can carry: any Unicode without lone surrogates (its UTF-8 coder would throw).
const text = (max = 30): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: 'grapheme-ascii', maxLength: max }),
    fc.string({ unit: 'binary', maxLength: max }),
  );
const flags = fc.record({
  dup: fc.boolean(),
  syncOnce: fc.boolean(),
  redDot: fc.boolean(),
  noPersist: fc.boolean(),
});
const RUNS = { numRuns: 150, seed: 104 };

/**
 * The SDK's int64 writer divides by 2^32 in floating point and can carry into the high word when
 * the low word is close to 2^32 (vector recvack_js104_int64_bug). Its output is wrong there, so
 * the property tests leave that band out; the bug itself is pinned by the vector test below.
 */
const clearOfSdkInt64Bug = (v: bigint | number): boolean =>
  (BigInt(v) & 0xffff_ffffn) < 0xffff_0000n;

describe('key agreement matches the SDK', () => {
  it('same seed, same public key (curve25519-js vs Node X25519)', () => {
    const ours = keyPairFromSeed(clientSeed);
    const theirs = sdk.generateKeyPair(Uint8Array.from(clientSeed));
    expect(Buffer.from(theirs.public).toString('base64')).toBe(ours.publicKeyBase64);
  });

  it('the SDK derives the same AES key and IV from our CONNACK', () => {
    const sm = sdk.SecurityManager.shared();
    const shared = deriveSharedSecret(keyPairFromSeed(clientSeed).privateKey, serverKey);
    const ours = SessionCipher.fromSharedSecret(shared, salt);
    expect(sm.aesKey).toBe(ours.key.toString('latin1'));
    expect(sm.aesIV).toBe(ours.iv.toString('latin1'));
    expect(sm.aesKey).toBe(sc.aes_key);
  });
});

describe('SDK encodes, we decode', () => {
  it('CONNECT', () => {
    fc.assert(
      fc.property(
        fc.record({
          deviceFlag: fc.integer({ min: 0, max: 255 }),
          deviceID: text(40),
          uid: text(),
          token: text(),
          clientTimestamp: fc.integer({ min: 0, max: 2 ** 53 - 1 }),
        }),
        (f) => {
          fc.pre(clearOfSdkInt64Bug(f.clientTimestamp));
          const p = new sdk.ConnectPacket();
          Object.assign(p, { ...f, version: V, clientKey: sc.client_key_base64 });
          const ours = decodePacket(sdkEncode(p), V);
          expect(ours).toEqual({
            type: PacketType.CONNECT,
            flags: { dup: false, syncOnce: false, redDot: false, noPersist: false },
            version: V,
            deviceFlag: f.deviceFlag,
            deviceId: f.deviceID,
            uid: f.uid,
            token: f.token,
            clientTimestamp: BigInt(f.clientTimestamp),
            clientKey: sc.client_key_base64,
          });
        },
      ),
      RUNS,
    );
  });

  it('SEND (encrypted by the SDK): fields decode, msgKey verifies, payload decrypts', () => {
    fc.assert(
      fc.property(
        fc.record({
          receipt: fc.boolean(),
          topic: fc.option(text(), { nil: undefined }),
          streamNo: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: undefined }),
          clientSeq: fc.integer({ min: 0, max: 0x7fff_ffff }),
          clientMsgNo: text(40),
          channelID: text(),
          channelType: fc.integer({ min: 0, max: 255 }),
          content: text(200),
          reddot: fc.boolean(),
        }),
        (f) => {
          const setting = new sdk.Setting();
          setting.receiptEnabled = f.receipt;
          setting.topic = f.topic !== undefined;
          if (f.streamNo !== undefined) setting.streamNo = f.streamNo;
          const p = new sdk.SendPacket();
          const payload = Buffer.from(JSON.stringify({ type: 1, content: f.content }), 'utf8');
          Object.assign(p, {
            setting,
            reddot: f.reddot,
            clientSeq: f.clientSeq,
            clientMsgNo: f.clientMsgNo === '' ? 'x' : f.clientMsgNo, // the SDK replaces '' with a uuid
            streamNo: f.streamNo,
            channelID: f.channelID,
            channelType: f.channelType,
            topic: f.topic,
            payload: Uint8Array.from(payload),
          });
          const ours = decodePacket(sdkEncode(p), V);
          if (ours.type !== PacketType.SEND) throw new Error('not a SEND');
          expect(ours.setting).toBe(setting.toUint8());
          expect(ours.flags?.redDot).toBe(f.reddot);
          expect(ours.clientSeq).toBe(f.clientSeq);
          expect(ours.channelId).toBe(f.channelID);
          expect(ours.channelType).toBe(f.channelType);
          expect(ours.topic).toBe(f.topic);
          expect(ours.streamNo).toBe(f.streamNo);
          expect(openSend(serverCipher, ours).equals(payload)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('SEND vector send_js104 is what the SDK writes', () => {
    const v = loadVectors().vectors.find((x) => x.name === 'send_js104')!;
    const setting = new sdk.Setting();
    const p = new sdk.SendPacket();
    Object.assign(p, {
      setting,
      reddot: true,
      clientSeq: v.fields.clientSeq,
      clientMsgNo: v.fields.clientMsgNo,
      channelID: v.fields.channelID,
      channelType: v.fields.channelType,
      payload: Uint8Array.from(Buffer.from(String(v.fields.payload_plaintext_utf8), 'utf8')),
    });
    expect(sdkEncode(p).toString('hex')).toBe(v.hex);
  });

  it('RECVACK with flags', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 62n }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        flags,
        (messageId, messageSeq, fl) => {
          fc.pre(clearOfSdkInt64Bug(messageId));
          const p = new sdk.RecvackPacket();
          Object.assign(p, {
            messageID: messageId.toString(),
            messageSeq,
            noPersist: fl.noPersist,
            syncOnce: fl.syncOnce,
            reddot: fl.redDot,
            dup: fl.dup,
          });
          expect(decodePacket(sdkEncode(p), V)).toEqual({
            type: PacketType.RECVACK,
            flags: fl,
            messageId,
            messageSeq: BigInt(messageSeq),
          });
        },
      ),
      RUNS,
    );
  });

  it('RECVACK: the SDK int64 bug reproduces vector recvack_js104_int64_bug, which we decode as Go does', () => {
    const v = loadVectors().vectors.find((x) => x.name === 'recvack_js104_int64_bug')!;
    const p = new sdk.RecvackPacket();
    Object.assign(p, {
      messageID: v.fields.messageID,
      messageSeq: v.fields.messageSeq,
      syncOnce: true,
    });
    const bytes = sdkEncode(p);
    expect(bytes.toString('hex')).toBe(v.hex);
    const ours = decodePacket(bytes, V);
    expect(ours.type === PacketType.RECVACK && ours.messageId.toString()).toBe(
      (v.decoded?.go as { messageID: string }).messageID,
    );
  });
});

describe('we encode, the SDK decodes', () => {
  it('CONNACK (version-2 form, negative timeDiff written correctly)', () => {
    const bytes = encodePacket(
      {
        type: PacketType.CONNACK,
        hasServerVersion: false,
        timeDiff: 1234n,
        reasonCode: 1,
        serverKey,
        salt,
      },
      V,
    );
    const p = sdkDecode(bytes);
    expect(p.packetType).toBe(PacketType.CONNACK);
    expect(p.reasonCode).toBe(1);
    expect(String(p.timeDiff)).toBe('1234');
    expect(p.serverKey).toBe(serverKey);
    expect(p.salt).toBe(salt);
    // the SDK reads i64 as unsigned (a known 1.0.4 bug): our -5 arrives as 2^64 - 5
    const neg = sdkDecode(
      encodePacket(
        {
          type: PacketType.CONNACK,
          hasServerVersion: false,
          timeDiff: -5n,
          reasonCode: 1,
          serverKey,
          salt,
        },
        V,
      ),
    );
    expect(String(neg.timeDiff)).toBe((2n ** 64n - 5n).toString());
  });

  it('RECV (sealed by us): the SDK msgKey check passes and its decryption gives the payload', () => {
    fc.assert(
      fc.property(
        fc.record({
          flags,
          receipt: fc.boolean(),
          topic: fc.option(text(), { nil: undefined }),
          stream: fc.option(
            fc.record({
              streamNo: text(10),
              streamSeq: fc.integer({ min: 0, max: 0x7fff_ffff }),
              streamFlag: fc.integer({ min: 0, max: 2 }),
            }),
            { nil: undefined },
          ),
          fromUid: text(),
          channelId: text(),
          channelType: fc.integer({ min: 0, max: 255 }),
          clientMsgNo: text(40),
          messageId: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
          messageSeq: fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
          timestamp: fc.integer({ min: 0, max: 0x7fff_ffff }),
          content: text(300),
        }),
        (f) => {
          const setting =
            (f.receipt ? SettingBit.RECEIPT : 0) |
            (f.topic !== undefined ? SettingBit.TOPIC : 0) |
            (f.stream !== undefined ? SettingBit.STREAM_LEGACY : 0);
          const plain = Buffer.from(JSON.stringify({ type: 1, content: f.content }), 'utf8');
          const packet = sealRecv(serverCipher, {
            flags: f.flags,
            setting,
            fromUid: f.fromUid,
            channelId: f.channelId,
            channelType: f.channelType,
            clientMsgNo: f.clientMsgNo,
            messageId: f.messageId,
            messageSeq: f.messageSeq,
            timestamp: f.timestamp,
            ...(f.topic !== undefined ? { topic: f.topic } : {}),
            ...(f.stream !== undefined ? { stream: f.stream } : {}),
            payload: plain,
          });
          const js = sdkDecode(encodePacket(packet, V)) as JsPacket & { veritifyString: string };
          expect(js.packetType).toBe(PacketType.RECV);
          expect(js.msgKey).toBe(packet.msgKey);
          expect(js.fromUID).toBe(f.fromUid);
          expect(js.channelID).toBe(f.channelId);
          expect(js.channelType).toBe(f.channelType);
          expect(js.clientMsgNo).toBe(f.clientMsgNo);
          expect(js.messageID).toBe(f.messageId.toString());
          expect(js.messageSeq).toBe(Number(f.messageSeq));
          expect(js.timestamp).toBe(f.timestamp);
          expect([js.noPersist, js.syncOnce, js.reddot, js.dup]).toEqual([
            f.flags.noPersist,
            f.flags.syncOnce,
            f.flags.redDot,
            f.flags.dup,
          ]);
          if (f.topic !== undefined) expect(js.topic).toBe(f.topic);
          if (f.stream !== undefined) {
            expect([js.streamNo, js.streamSeq, js.streamFlag]).toEqual([
              f.stream.streamNo,
              f.stream.streamSeq,
              f.stream.streamFlag,
            ]);
          }
          const opened = sdkOpenRecv(js);
          expect(opened).not.toBe('dropped');
          expect((opened as Buffer).equals(plain)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('RECV with a wrong msgKey is dropped by the SDK check', () => {
    const packet = sealRecv(serverCipher, {
      setting: 0,
      fromUid: 'u2',
      channelId: 'u2',
      channelType: 1,
      clientMsgNo: 'm',
      messageId: 1n,
      messageSeq: 1n,
      timestamp: 1,
      payload: Buffer.from('{}'),
    });
    const js = sdkDecode(encodePacket({ ...packet, messageSeq: 2n }, V)) as JsPacket & {
      veritifyString: string;
    };
    expect(sdkOpenRecv(js)).toBe('dropped');
  });

  it('SENDACK', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 255 }),
        flags,
        (messageId, clientSeq, messageSeq, reasonCode, fl) => {
          const p: Packet = {
            type: PacketType.SENDACK,
            flags: fl,
            messageId,
            clientSeq,
            messageSeq: BigInt(messageSeq),
            reasonCode,
          };
          const js = sdkDecode(encodePacket(p, V));
          expect(js.packetType).toBe(PacketType.SENDACK);
          expect(String(js.messageID)).toBe(messageId.toString());
          expect([js.clientSeq, js.messageSeq, js.reasonCode]).toEqual([
            clientSeq,
            messageSeq,
            reasonCode,
          ]);
          expect(js.reddot).toBe(fl.redDot);
        },
      ),
      RUNS,
    );
  });

  it('DISCONNECT, SUBACK and PONG', () => {
    const d = sdkDecode(
      encodePacket(
        { type: PacketType.DISCONNECT, reasonCode: 12, reason: '账号在其他设备上登录' },
        V,
      ),
    );
    expect([d.packetType, d.reasonCode, d.reason]).toEqual([9, 12, '账号在其他设备上登录']);
    const empty = sdkDecode(
      encodePacket({ type: PacketType.DISCONNECT, reasonCode: 12, reason: '' }, V),
    );
    expect(empty.reason).toBe('');
    const s = sdkDecode(
      encodePacket(
        {
          type: PacketType.SUBACK,
          subNo: 'n1',
          channelId: 'data/1',
          channelType: 7,
          action: 1,
          reasonCode: 1,
        },
        V,
      ),
    );
    expect([s.clientMsgNo, s.channelID, s.channelType, s.action, s.reasonCode]).toEqual([
      'n1',
      'data/1',
      7,
      1,
      1,
    ]);
    expect(sdkDecode(encodePacket({ type: PacketType.PONG }, V)).packetType).toBe(PacketType.PONG);
  });
});
