import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PACKET_SIZE,
  FrameReader,
  ProtocolError,
  decodePacket,
  encodePacket,
  type Packet,
} from './index';
import { packetArb } from './testing/arbitraries';
import { Prng } from './testing/prng';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function pushAll(r: FrameReader, chunks: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) out.push(...r.push(c));
  return out;
}

function caught(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProtocolError);
    return err as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

/** Splits `buf` at random points into chunks of 0..maxChunk bytes (empty chunks included). */
function randomChunks(buf: Buffer, rng: Prng, maxChunk: number): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const n = rng.int(0, maxChunk);
    out.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  return out;
}

describe('FrameReader basics', () => {
  it('emits one-byte PING/PONG, whatever their low nibble', () => {
    const r = new FrameReader();
    expect(r.push(Buffer.from([0x70, 0x80, 0x7f, 0x8a])).map(hex)).toEqual([
      '70',
      '80',
      '7f',
      '8a',
    ]);
    expect(r.bufferedBytes).toBe(0);
  });

  it('emits several packets from one chunk and keeps the tail', () => {
    const a = encodePacket({ type: 9, reasonCode: 12, reason: 'x' }, 5);
    const b = encodePacket({ type: 9, reasonCode: 12, reason: 'y'.repeat(200) }, 5);
    const r = new FrameReader();
    const stream = Buffer.concat([a, Buffer.from([0x80]), b]);
    expect(r.push(stream.subarray(0, a.length + 3)).map(hex)).toEqual([hex(a), '80']);
    expect(r.bufferedBytes).toBe(2);
    expect(r.push(stream.subarray(a.length + 3)).map(hex)).toEqual([hex(b)]);
    expect(r.bufferedBytes).toBe(0);
  });

  it('accepts Uint8Array chunks and empty chunks', () => {
    const r = new FrameReader();
    expect(r.push(new Uint8Array(0))).toEqual([]);
    expect(r.push(new Uint8Array([0x80])).map(hex)).toEqual(['80']);
  });

  it('handles a zero remaining length (2-byte frame)', () => {
    const r = new FrameReader();
    expect(r.push(Buffer.from([0x90])).length).toBe(0);
    expect(r.push(Buffer.from([0x00, 0x80])).map(hex)).toEqual(['9000', '80']);
  });

  it('reassembles a large packet sent one byte at a time without quadratic copying', () => {
    const big = encodePacket(
      { type: 12, id: 'e', eventType: 't', timestamp: 0n, data: Buffer.alloc(200_000, 7) },
      5,
    );
    const r = new FrameReader();
    const frames: Buffer[] = [];
    for (let i = 0; i < big.length; i++) {
      frames.push(...r.push(big.subarray(i, i + 1)));
      if (i < big.length - 1) expect(r.bufferedBytes).toBe(i + 1);
    }
    expect(frames.length).toBe(1);
    expect(frames[0]!.equals(big)).toBe(true);
  });

  it('accepts a packet of exactly maxPacketSize', () => {
    const r = new FrameReader({ maxPacketSize: 300 });
    const p = encodePacket(
      { type: 12, id: '', eventType: '', timestamp: 0n, data: Buffer.alloc(300 - 12) },
      5,
    );
    expect(r.push(p).length).toBe(1);
  });
});

describe('FrameReader errors', () => {
  for (const b of [0x00, 0x0f, 0xd0, 0xe0, 0xf0, 0xff]) {
    it(`rejects packet type ${b >> 4} (byte ${b.toString(16)})`, () => {
      const err = caught(() => new FrameReader().push(Buffer.from([0x80, b, 0x01, 0x00])));
      expect(err.code).toBe('unknownPacketType');
      expect(err.offset).toBe(1);
    });
  }

  it('rejects a 4th varint byte with the continuation bit, even split across chunks', () => {
    expect(
      caught(() => new FrameReader().push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff]))).code,
    ).toBe('varintTooLong');
    const r = new FrameReader();
    expect(r.push(Buffer.from([0x30, 0x80]))).toEqual([]);
    expect(r.push(Buffer.from([0x80]))).toEqual([]);
    expect(r.push(Buffer.from([0x80]))).toEqual([]);
    expect(r.bufferedBytes).toBe(4);
    expect(caught(() => r.push(Buffer.from([0x80]))).code).toBe('varintTooLong');
  });

  it('accepts the largest 4-byte varint value when the limit allows it', () => {
    const r = new FrameReader({ maxPacketSize: 268_435_455 });
    expect(r.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]))).toEqual([]);
    expect(r.bufferedBytes).toBe(5);
  });

  it('rejects a length over the default 1 MiB before buffering the body', () => {
    const r = new FrameReader();
    // 1 MiB + 1 = 0x100001 -> 81 80 40
    const err = caught(() => r.push(Buffer.from([0x50, 0x81, 0x80, 0x40])));
    expect(err.code).toBe('packetTooLarge');
    expect(r.bufferedBytes).toBe(0);
    // exactly 1 MiB is fine
    const ok = new FrameReader();
    expect(ok.push(Buffer.from([0x50, 0x80, 0x80, 0x40]))).toEqual([]);
    expect(ok.maxPacketSize).toBe(DEFAULT_MAX_PACKET_SIZE);
  });

  it('honours a configured maxPacketSize', () => {
    const r = new FrameReader({ maxPacketSize: 10 });
    expect(r.push(Buffer.from([0x90, 0x0a]))).toEqual([]);
    const r2 = new FrameReader({ maxPacketSize: 10 });
    expect(caught(() => r2.push(Buffer.from([0x90, 0x0b]))).code).toBe('packetTooLarge');
  });

  it('is unusable after an error until reset()', () => {
    const r = new FrameReader();
    const first = caught(() => r.push(Buffer.from([0x00])));
    const again = caught(() => r.push(Buffer.from([0x80])));
    expect(again).toBe(first);
    r.reset();
    expect(r.push(Buffer.from([0x80])).map(hex)).toEqual(['80']);
  });

  it('reports stream offsets', () => {
    const r = new FrameReader();
    r.push(Buffer.from([0x80, 0x80, 0x90, 0x01]));
    const err = caught(() => r.push(Buffer.from([0x00, 0x80, 0xe0])));
    expect(err.offset).toBe(6);
  });

  it('rejects a bad maxPacketSize', () => {
    expect(() => new FrameReader({ maxPacketSize: -1 })).toThrow(ProtocolError);
  });
});

describe('FrameReader on long random streams', () => {
  it('random packets, random chunking: same frames, decodable, buffer bounded', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((v) =>
            fc.tuple(fc.constant(v), fc.array(packetArb(v), { minLength: 1, maxLength: 60 })),
          ),
        fc.integer(),
        ([version, packets], seed) => {
          const frames = packets.map((p) => encodePacket(p, version));
          const stream = Buffer.concat(frames);
          const rng = new Prng(seed);
          const r = new FrameReader();
          const got: Buffer[] = [];
          for (const c of randomChunks(stream, rng, rng.pick([1, 3, 17, 64, 512, 4096]))) {
            got.push(...r.push(c));
            expect(r.bufferedBytes).toBeLessThanOrEqual(r.maxPacketSize + 5);
          }
          expect(r.bufferedBytes).toBe(0);
          expect(got.length).toBe(frames.length);
          got.forEach((g, i) => expect(g.equals(frames[i]!)).toBe(true));
          const decoded: Packet[] = got.map((g) => decodePacket(g, version));
          expect(decoded).toEqual(packets);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a 2 MB stream split at random points', () => {
    const rng = new Prng(99);
    const frames: Buffer[] = [];
    let size = 0;
    while (size < 2_000_000) {
      const f = rng.pick([
        () => encodePacket({ type: 8 }, 5),
        () => encodePacket({ type: 9, reasonCode: 12, reason: 'k'.repeat(rng.int(0, 300)) }, 5),
        () =>
          encodePacket(
            {
              type: 12,
              id: 'e',
              eventType: 'x',
              timestamp: 1n,
              data: rng.bytes(rng.int(0, 40_000)),
            },
            5,
          ),
      ])();
      frames.push(f);
      size += f.length;
    }
    const stream = Buffer.concat(frames);
    const r = new FrameReader();
    const got = pushAll(r, randomChunks(stream, rng, 9000));
    expect(got.length).toBe(frames.length);
    expect(Buffer.concat(got).equals(stream)).toBe(true);
  });
});
