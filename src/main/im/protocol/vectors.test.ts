import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, FrameReader, PacketType, type Packet } from './index';
import { decodeRemainingLength, encodeRemainingLength } from './varint';
import { expectedPacket, loadVectors, vectorByName } from './testing/vectors';

const file = loadVectors();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('vectors.json', () => {
  it('is the expected file', () => {
    expect(file.format).toBe('wukongim-binary-protocol-test-vectors');
    expect(file.schema_version).toBe(1);
    expect(file.vectors.length).toBeGreaterThanOrEqual(34);
  });
});

describe('varint vectors', () => {
  for (const v of file.varints) {
    it(`${v.value} <-> ${v.hex}`, () => {
      expect(hex(encodeRemainingLength(v.value))).toBe(v.hex);
      const buf = Buffer.from(v.hex, 'hex');
      expect(decodeRemainingLength(buf, 0)).toEqual({ value: v.value, bytes: v.bytes });
      // one byte short: need more data
      expect(decodeRemainingLength(buf.subarray(0, v.bytes - 1), 0)).toBeNull();
    });
  }
});

describe('packet vectors', () => {
  for (const v of file.vectors) {
    describe(v.name, () => {
      const frame = Buffer.from(v.hex, 'hex');
      const versions = v.protocol_versions;

      it('has a consistent header', () => {
        expect(frame.length).toBe(v.length);
        expect(frame[0]! >> 4).toBe(v.type);
        expect(frame[0]!.toString(16).padStart(2, '0')).toBe(v.header.byte0_hex);
      });

      // The negative example's `hex` holds corrupted bytes; its fields decode from correct_hex.
      const good = v.correct_hex === undefined ? frame : Buffer.from(v.correct_hex, 'hex');

      for (const version of versions) {
        it(`decodes to its fields at version ${version}`, () => {
          expect(decodePacket(good, version)).toEqual(expectedPacket(v));
        });
        it(`encodes its fields to the exact bytes at version ${version}`, () => {
          expect(hex(encodePacket(expectedPacket(v), version))).toBe(v.correct_hex ?? v.hex);
        });
      }
    });
  }
});

describe('negative vectors', () => {
  it('recvack_js104_int64_bug: our encoder writes correct_hex, not the SDK bytes', () => {
    const v = vectorByName('recvack_js104_int64_bug');
    const p = expectedPacket(v);
    expect(p.type === PacketType.RECVACK && p.messageId).toBe(9223372036854775807n);
    const ours = hex(encodePacket(p, 5));
    expect(ours).toBe(v.correct_hex);
    expect(ours).not.toBe(v.hex);
    // the corrupted bytes decode to what the Go codec read from them
    const bad = decodePacket(Buffer.from(v.hex, 'hex'), 5);
    const go = (v.decoded?.go as { messageID: string }).messageID;
    expect(bad.type === PacketType.RECVACK && bad.messageId).toBe(BigInt(go));
  });

  it('connack_v2_success_negative_timediff: timeDiff comes out negative', () => {
    const v = vectorByName('connack_v2_success_negative_timediff');
    expect(v.fields.timeDiff as number).toBeLessThan(0);
    const p = decodePacket(Buffer.from(v.hex, 'hex'), 2);
    expect(p.type === PacketType.CONNACK && p.timeDiff).toBe(BigInt(v.fields.timeDiff as number));
    const js = (v.decoded?.js104 as { timeDiff: string }).timeDiff;
    expect(BigInt(js)).not.toBe(BigInt(v.fields.timeDiff as number));
  });

  for (const name of ['connack_v4_success', 'connack_v5_success', 'connack_v6_success']) {
    it(`${name}: serverVersion and nodeId are read by the header bit at any version`, () => {
      const v = vectorByName(name);
      for (const version of [1, 2, 3, 4, 5, 6]) {
        const p = decodePacket(Buffer.from(v.hex, 'hex'), version);
        expect(p).toEqual(expectedPacket(v));
      }
    });
  }
});

describe('framing vectors', () => {
  for (const f of file.framing) {
    const stream = Buffer.from(f.hex, 'hex');
    const expected = f.packets.map((n) => vectorByName(n));

    it(`${f.name}: one chunk yields ${f.packets.join(', ')}`, () => {
      const frames = new FrameReader().push(stream);
      expect(frames.map(hex)).toEqual(expected.map((v) => v.hex));
      const decoded: Packet[] = frames.map((fr) => decodePacket(fr, 5));
      expect(decoded).toEqual(expected.map(expectedPacket));
    });

    it(`${f.name}: split once at every byte boundary`, () => {
      for (let cut = 0; cut <= stream.length; cut++) {
        const r = new FrameReader();
        const frames = [...r.push(stream.subarray(0, cut)), ...r.push(stream.subarray(cut))];
        expect(frames.map(hex), `cut at ${cut}`).toEqual(expected.map((v) => v.hex));
        expect(r.bufferedBytes).toBe(0);
      }
    });

    it(`${f.name}: split twice at every pair of boundaries`, () => {
      const want = expected.map((v) => v.hex).join('|');
      for (let a = 0; a <= stream.length; a++) {
        for (let b = a; b <= stream.length; b++) {
          const r = new FrameReader();
          const frames = [
            ...r.push(stream.subarray(0, a)),
            ...r.push(stream.subarray(a, b)),
            ...r.push(stream.subarray(b)),
          ];
          const got = frames.map(hex).join('|');
          if (got !== want) expect(got, `cuts at ${a}, ${b}`).toBe(want);
        }
      }
    });

    it(`${f.name}: one byte at a time`, () => {
      const r = new FrameReader();
      const frames: Buffer[] = [];
      for (let i = 0; i < stream.length; i++) frames.push(...r.push(stream.subarray(i, i + 1)));
      expect(frames.map(hex)).toEqual(expected.map((v) => v.hex));
    });
  }
});
