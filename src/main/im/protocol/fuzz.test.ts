import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionCipher, openRecv } from '../crypto';
import { FrameReader, PacketType, ProtocolError, decodePacket, encodePacket } from './index';
import { packetArb } from './testing/arbitraries';
import { Prng } from './testing/prng';
import { loadVectors } from './testing/vectors';
import { openSend } from '../crypto/testing/server-seal';

const INPUTS = 100_000;
const MAX = 4096;

/** Valid frames to mutate: every vector, the framing stream, and random packets of every version. */
function corpus(): Buffer[] {
  const file = loadVectors();
  const out: Buffer[] = file.vectors.map((v) => Buffer.from(v.hex, 'hex'));
  out.push(...file.framing.map((f) => Buffer.from(f.hex, 'hex')));
  for (let v = 1; v <= 6; v++) {
    for (const p of fc.sample(packetArb(v), { numRuns: 40, seed: v })) {
      out.push(encodePacket(p, v));
    }
  }
  return out;
}

function mutate(seed: Buffer, rng: Prng): Buffer {
  const b = Buffer.from(seed);
  switch (rng.int(0, 5)) {
    case 0: // flip a few bits
      for (let k = rng.int(1, 4); k > 0 && b.length > 0; k--)
        b[rng.int(0, b.length - 1)]! ^= 1 << rng.int(0, 7);
      return b;
    case 1: // overwrite a few bytes, biased to the header and the first string lengths
      for (let k = rng.int(1, 3); k > 0 && b.length > 0; k--) {
        b[rng.int(0, Math.min(b.length - 1, rng.pick([4, 16, b.length])))] = rng.int(0, 255);
      }
      return b;
    case 2: // truncate
      return b.subarray(0, rng.int(0, b.length));
    case 3: // append garbage
      return Buffer.concat([b, rng.bytes(rng.int(1, 20))]);
    case 4: // insert or delete a byte in the body
      if (b.length < 3) return b;
      {
        const at = rng.int(1, b.length - 1);
        return rng.next() < 0.5
          ? Buffer.concat([b.subarray(0, at), b.subarray(at + 1)])
          : Buffer.concat([b.subarray(0, at), Buffer.from([rng.int(0, 255)]), b.subarray(at)]);
      }
    default: // fresh header byte of any type, body kept
      b[0] = (rng.int(0, 15) << 4) | rng.int(0, 15);
      return b;
  }
}

function randomInput(rng: Prng): Buffer {
  const n = rng.int(0, 80);
  const b = rng.bytes(n);
  // bias the first byte towards real packet types so bodies get parsed
  if (n > 0 && rng.next() < 0.7) b[0] = (rng.int(1, 12) << 4) | rng.int(0, 15);
  return b;
}

describe('fuzz: frame reader + decoder + session open', () => {
  it(`${INPUTS} random and mutated inputs: only ProtocolError escapes, buffer bounded`, () => {
    const rng = new Prng(0x5eed_c0de);
    const seeds = corpus();
    const cipher = SessionCipher.fromKeyAndIv('d3514bfacef9c97a', 'aB3dE6gH9jK2mN5p');
    const reader = new FrameReader({ maxPacketSize: MAX });
    const escaped: string[] = [];
    const codes = new Map<string, number>();
    let decodedOk = 0;
    let frames = 0;
    let maxBuffered = 0;

    const guard = (fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        if (err instanceof ProtocolError) {
          codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
        } else if (escaped.length < 5) {
          escaped.push(String((err as Error)?.stack ?? err));
        } else {
          escaped.push('…');
        }
      }
    };

    const decodeAndOpen = (frame: Buffer): void => {
      const version = rng.int(1, 6);
      guard(() => {
        const p = decodePacket(frame, version);
        decodedOk++;
        if (p.type === PacketType.RECV) guard(() => void openRecv(cipher, p));
        if (p.type === PacketType.SEND) guard(() => void openSend(cipher, p));
      });
    };

    for (let i = 0; i < INPUTS; i++) {
      const input = i % 3 === 0 ? randomInput(rng) : mutate(rng.pick(seeds), rng);
      // 1. the decoder on the raw input, as if it were one frame
      decodeAndOpen(input);
      // 2. the same bytes through the long-lived stream reader, in 1-3 chunks
      const cut1 = rng.int(0, input.length);
      const cut2 = rng.int(cut1, input.length);
      for (const chunk of [
        input.subarray(0, cut1),
        input.subarray(cut1, cut2),
        input.subarray(cut2),
      ]) {
        let got: Buffer[];
        try {
          got = reader.push(chunk);
        } catch (err) {
          if (!(err instanceof ProtocolError)) escaped.push(String(err));
          reader.reset(); // the connection would be closed; a new one starts clean
          break;
        }
        maxBuffered = Math.max(maxBuffered, reader.bufferedBytes);
        for (const f of got) {
          frames++;
          decodeAndOpen(f);
        }
      }
    }

    expect(escaped).toEqual([]);
    expect(maxBuffered).toBeLessThanOrEqual(MAX + 5);
    // the corpus must exercise both outcomes and a range of error kinds
    expect(decodedOk).toBeGreaterThan(INPUTS / 10);
    expect(frames).toBeGreaterThan(INPUTS / 10);
    for (const code of [
      'truncated',
      'unknownPacketType',
      'invalidUtf8',
      'trailingBytes',
      'msgKeyMismatch',
    ]) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});
