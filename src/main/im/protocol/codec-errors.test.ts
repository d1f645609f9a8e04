import { describe, expect, it } from 'vitest';
import {
  PacketType,
  ProtocolError,
  SettingBit,
  decodePacket,
  encodePacket,
  encodeRemainingLength,
  peekPacketType,
  type Packet,
  type ProtocolErrorCode,
  type RecvPacket,
  type SendPacket,
} from './index';
import { expectedPacket, vectorByName } from './testing/vectors';

function codeOf(fn: () => unknown): ProtocolErrorCode {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return (err as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError');
}

/** Builds a frame from a header byte and a body, with a correct remaining length. */
function frame(byte0: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([byte0]), encodeRemainingLength(body.length), body]);
}

const send: SendPacket = {
  type: PacketType.SEND,
  setting: 0,
  clientSeq: 1,
  clientMsgNo: 'm',
  channelId: 'c',
  channelType: 1,
  expire: 0,
  msgKey: 'k',
  payload: Buffer.from('p'),
};

const recv: RecvPacket = {
  type: PacketType.RECV,
  setting: 0,
  msgKey: 'k',
  fromUid: 'f',
  channelId: 'c',
  channelType: 1,
  expire: 0,
  clientMsgNo: 'm',
  messageId: 1n,
  messageSeq: 2n,
  timestamp: 3,
  payload: Buffer.from('p'),
};

describe('decode errors', () => {
  it('empty, unknown types, incomplete varint', () => {
    expect(codeOf(() => decodePacket(Buffer.alloc(0), 5))).toBe('truncated');
    expect(codeOf(() => peekPacketType(Buffer.alloc(0)))).toBe('truncated');
    expect(codeOf(() => decodePacket(Buffer.from([0x00, 0x00]), 5))).toBe('unknownPacketType');
    expect(codeOf(() => decodePacket(Buffer.from([0xd0, 0x00]), 5))).toBe('unknownPacketType');
    expect(codeOf(() => decodePacket(Buffer.from([0x90]), 5))).toBe('truncated');
    expect(codeOf(() => decodePacket(Buffer.from([0x90, 0x80]), 5))).toBe('truncated');
    expect(codeOf(() => decodePacket(Buffer.from([0x90, 0xff, 0xff, 0xff, 0xff, 0x01]), 5))).toBe(
      'varintTooLong',
    );
  });

  it('frame shorter or longer than its remaining length', () => {
    const ok = Buffer.from(vectorByName('disconnect_kick').hex, 'hex');
    expect(codeOf(() => decodePacket(ok.subarray(0, ok.length - 1), 5))).toBe('truncated');
    expect(codeOf(() => decodePacket(Buffer.concat([ok, Buffer.from([0])]), 5))).toBe(
      'trailingBytes',
    );
    expect(codeOf(() => decodePacket(Buffer.from([0x70, 0x00]), 5))).toBe('trailingBytes');
  });

  it('a field cut short reports truncated with the offset', () => {
    const body = Buffer.from('0c0015', 'hex'); // DISCONNECT: reason declares 21 bytes, none present
    let err: ProtocolError | undefined;
    try {
      decodePacket(frame(0x90, body), 5);
    } catch (e) {
      err = e as ProtocolError;
    }
    expect(err?.code).toBe('truncated');
    expect(err?.offset).toBe(5);
    expect(err?.message).toContain('reason');
  });

  it('every strict prefix of a fixed-layout body is truncated', () => {
    for (const name of ['connect_v5', 'recvack_js104', 'disconnect_kick', 'sub_js104', 'suback']) {
      const v = vectorByName(name);
      const full = Buffer.from(v.hex, 'hex');
      const body = full.subarray(v.header.header_length);
      for (let n = 0; n < body.length; n++) {
        expect(
          codeOf(() => decodePacket(frame(full[0]!, body.subarray(0, n)), 5)),
          `${name} ${n}`,
        ).toBe('truncated');
      }
    }
  });

  it('client packets with extra body bytes are rejected', () => {
    for (const name of ['connect_v5', 'recvack_js104', 'sub_js104']) {
      const v = vectorByName(name);
      const full = Buffer.from(v.hex, 'hex');
      const body = Buffer.concat([full.subarray(v.header.header_length), Buffer.from([1])]);
      expect(
        codeOf(() => decodePacket(frame(full[0]!, body), 5)),
        name,
      ).toBe('trailingBytes');
    }
  });

  it('server packets tolerate trailing bytes (CONNACK, SENDACK, DISCONNECT, SUBACK)', () => {
    for (const name of [
      'connack_v5_success',
      'connack_v2_success',
      'sendack_success',
      'disconnect_kick',
      'suback',
    ]) {
      const v = vectorByName(name);
      const full = Buffer.from(v.hex, 'hex');
      for (const extra of ['01', 'ffff', '0005616263', '00000000000000']) {
        const body = Buffer.concat([
          full.subarray(v.header.header_length),
          Buffer.from(extra, 'hex'),
        ]);
        const p = decodePacket(frame(full[0]!, body), v.protocol_versions.at(-1)!);
        expect(p.type, name).toBe(v.type);
      }
    }
  });

  it('CONNACK reads nodeId only when 8 bytes remain', () => {
    const v = vectorByName('connack_v5_success');
    const full = Buffer.from(v.hex, 'hex');
    const body = full.subarray(v.header.header_length, full.length - 8);
    const p = decodePacket(frame(0x21, body), 5);
    expect(p.type === PacketType.CONNACK && p.nodeId).toBe(undefined);
    expect(p.type === PacketType.CONNACK && p.serverVersion).toBe(5);
  });

  it('strings: over 32,767 bytes declared, invalid UTF-8', () => {
    expect(codeOf(() => decodePacket(frame(0x90, Buffer.from('0c8000', 'hex')), 5))).toBe(
      'stringTooLong',
    );
    expect(codeOf(() => decodePacket(frame(0x90, Buffer.from('0c0002c328', 'hex')), 5))).toBe(
      'invalidUtf8',
    );
    const long = Buffer.concat([Buffer.from('0c0050', 'hex'), Buffer.alloc(0x50, 0xff)]);
    expect(codeOf(() => decodePacket(frame(0x90, long), 5))).toBe('invalidUtf8');
    // valid multi-byte text decodes
    const p = decodePacket(Buffer.from(vectorByName('disconnect_kick').hex, 'hex'), 5);
    expect(p.type === PacketType.DISCONNECT && p.reason).toBe('login in other device');
  });

  it('layout-dependent packets need a version in 1..6', () => {
    const bytes = encodePacket(send, 5);
    for (const bad of [0, 7, 1.5, NaN]) {
      expect(codeOf(() => decodePacket(bytes, bad))).toBe('unsupportedVersion');
      expect(codeOf(() => encodePacket(send, bad))).toBe('unsupportedVersion');
      expect(codeOf(() => encodePacket(recv, bad))).toBe('unsupportedVersion');
    }
    // CONNECT/CONNACK/EVENT ignore the version
    const v = vectorByName('connack_authfail_no_server_version');
    expect(decodePacket(Buffer.from(v.hex, 'hex'), 0)).toEqual(expectedPacket(v));
  });

  it('EVENT decodes (the 1.0.4 SDK cannot)', () => {
    const v = vectorByName('event');
    const p = decodePacket(Buffer.from(v.hex, 'hex'), 5);
    expect(p.type === PacketType.EVENT && p.data.toString()).toBe('{"a":1}');
    expect(peekPacketType(Buffer.from(v.hex, 'hex'))).toBe(PacketType.EVENT);
  });
});

describe('encode validation', () => {
  it('refuses strings over 32,767 bytes and accepts exactly 32,767', () => {
    expect(codeOf(() => encodePacket({ ...send, channelId: 'x'.repeat(32_768) }, 5))).toBe(
      'stringTooLong',
    );
    expect(codeOf(() => encodePacket({ ...send, channelId: 'é'.repeat(16_384) }, 5))).toBe(
      'stringTooLong',
    );
    const ok = encodePacket({ ...send, channelId: 'x'.repeat(32_767) }, 5);
    const back = decodePacket(ok, 5);
    expect(back.type === PacketType.SEND && back.channelId.length).toBe(32_767);
  });

  it('refuses lone surrogates', () => {
    expect(codeOf(() => encodePacket({ ...send, clientMsgNo: 'a\ud800b' }, 5))).toBe('invalidUtf8');
    expect(decodePacket(encodePacket({ ...send, clientMsgNo: 'a😀b' }, 5), 5)).toMatchObject({
      clientMsgNo: 'a😀b',
    });
  });

  const badFields: [string, Packet, number][] = [
    ['setting 256', { ...send, setting: 256 }, 5],
    ['clientSeq -1', { ...send, clientSeq: -1 }, 5],
    ['clientSeq 2^32', { ...send, clientSeq: 2 ** 32 }, 5],
    ['channelType 1.5', { ...send, channelType: 1.5 }, 5],
    ['expire NaN', { ...send, expire: NaN }, 5],
    ['messageSeq 2^32 at v5', { ...recv, messageSeq: 2n ** 32n }, 5],
    ['messageSeq -1', { ...recv, messageSeq: -1n }, 6],
    ['messageId 2^63', { ...recv, messageId: 2n ** 63n }, 5],
    ['timestamp 2^31', { ...recv, timestamp: 2 ** 31 }, 5],
    // a number where the model wants a bigint: a typed error, not a TypeError
    ['messageId as number', { ...recv, messageId: 1 as unknown as bigint }, 5],
    ['payload as string', { ...send, payload: 'x' as unknown as Buffer }, 5],
    ['channelId as number', { ...send, channelId: 5 as unknown as string }, 5],
    [
      'nodeId negative',
      {
        type: 2,
        hasServerVersion: false,
        timeDiff: 0n,
        reasonCode: 1,
        serverKey: '',
        salt: '',
        nodeId: -1n,
      },
      5,
    ],
  ];
  for (const [name, packet, version] of badFields) {
    it(`refuses ${name}`, () => {
      expect(codeOf(() => encodePacket(packet, version))).toBe('invalidField');
    });
  }

  it('accepts messageSeq above 2^32 at version 6', () => {
    const p = { ...recv, messageSeq: 2n ** 40n };
    expect(decodePacket(encodePacket(p, 6), 6)).toEqual({ ...p, flags: expect.any(Object) });
  });

  it('refuses unknown packet types and oversize bodies', () => {
    expect(codeOf(() => encodePacket({ type: 13 } as unknown as Packet, 5))).toBe(
      'unknownPacketType',
    );
    expect(codeOf(() => encodePacket(null as unknown as Packet, 5))).toBe('unknownPacketType');
    const huge = { ...send, payload: Buffer.alloc(1024 * 1024) };
    expect(codeOf(() => encodePacket(huge, 5))).toBe('packetTooLarge');
    expect(encodePacket(huge, 5, { maxPacketSize: 2 * 1024 * 1024 }).length).toBeGreaterThan(
      1024 * 1024,
    );
    expect(codeOf(() => encodeRemainingLength(268_435_456))).toBe('packetTooLarge');
    expect(codeOf(() => encodeRemainingLength(-1))).toBe('packetTooLarge');
  });

  it('writes 0x00 for a zero remaining length', () => {
    expect(encodeRemainingLength(0).toString('hex')).toBe('00');
  });
});

describe('version-dependent layouts', () => {
  it('SEND: expire from version 3, streamNo only at 2-4 with a stream bit', () => {
    const s = { ...send, setting: SettingBit.STREAM_LEGACY, streamNo: 'sn', expire: 9 };
    const sizes = [1, 2, 3, 4, 5, 6].map((v) => encodePacket(s, v).length);
    // v1: base; v2: +streamNo(4); v3,v4: +streamNo +expire(4); v5,v6: +expire
    expect(sizes.map((n) => n - sizes[0]!)).toEqual([0, 4, 8, 8, 4, 4]);
    expect(decodePacket(encodePacket(s, 1), 1)).toMatchObject({ expire: 0 });
    expect(decodePacket(encodePacket(s, 5), 5)).not.toHaveProperty('streamNo');
    expect(decodePacket(encodePacket(s, 3), 3)).toMatchObject({ streamNo: 'sn', expire: 9 });
    // a stream bit without streamNo writes an empty one
    const { streamNo: _omit, ...noStream } = s;
    expect(decodePacket(encodePacket(noStream, 2), 2)).toMatchObject({ streamNo: '' });
  });

  it('RECV: variant B (0x02) wins over variant A (0x04) when both bits are set', () => {
    const r: RecvPacket = {
      ...recv,
      setting: SettingBit.STREAM | SettingBit.STREAM_LEGACY,
      stream: { streamNo: 's', streamFlag: 2, streamId: 77n },
    };
    expect(decodePacket(encodePacket(r, 4), 4)).toMatchObject({ stream: r.stream });
    expect(decodePacket(encodePacket(r, 5), 5)).not.toHaveProperty('stream');
  });

  it('topic appears exactly when setting bit 0x08 is set', () => {
    const withTopic = encodePacket({ ...send, setting: SettingBit.TOPIC, topic: 'tp' }, 5);
    const without = encodePacket({ ...send, topic: 'tp' }, 5);
    expect(withTopic.length - without.length).toBe(4);
    expect(decodePacket(without, 5)).not.toHaveProperty('topic');
  });
});
