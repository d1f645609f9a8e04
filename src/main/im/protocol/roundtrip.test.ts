import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePacket, encodePacket, type Packet } from './index';
import {
  connackArb,
  connectArb,
  disconnectArb,
  eventArb,
  packetArb,
  pingPongArb,
  recvArb,
  recvackArb,
  sendArb,
  sendackArb,
  subackArb,
  subArb,
} from './testing/arbitraries';

const VERSIONS = [1, 2, 3, 4, 5, 6];
const RUNS = { numRuns: 300, seed: 20_260_501 };

/** encode -> decode gives the packet back, and re-encoding gives the same bytes. */
function roundTrips(packet: Packet, version: number): void {
  const bytes = encodePacket(packet, version);
  const back = decodePacket(bytes, version);
  expect(back).toEqual(packet);
  expect(encodePacket(back, version).equals(bytes)).toBe(true);
}

const perVersion: [string, (v: number) => fc.Arbitrary<Packet>][] = [
  ['CONNECT', () => connectArb],
  ['CONNACK', () => connackArb],
  ['SEND', sendArb],
  ['SENDACK', sendackArb],
  ['RECV', recvArb],
  ['RECVACK', recvackArb],
  ['PING/PONG', () => pingPongArb],
  ['DISCONNECT', () => disconnectArb],
  ['SUB', () => subArb],
  ['SUBACK', () => subackArb],
  ['EVENT', () => eventArb],
];

describe('property: encode/decode round trip', () => {
  for (const [name, arb] of perVersion) {
    for (const version of VERSIONS) {
      it(`${name} at version ${version}`, () => {
        fc.assert(
          fc.property(arb(version), (p) => roundTrips(p, version)),
          RUNS,
        );
      });
    }
  }

  it('mixed packets: the declared remaining length always matches the body', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((v) => fc.tuple(fc.constant(v), packetArb(v))),
        ([v, p]) => {
          const bytes = encodePacket(p, v);
          if (bytes.length === 1) return; // PING/PONG
          let len = 0;
          let mul = 1;
          let i = 1;
          for (;;) {
            const b = bytes[i++]!;
            len += (b & 0x7f) * mul;
            mul *= 128;
            if ((b & 0x80) === 0) break;
          }
          expect(bytes.length - i).toBe(len);
        },
      ),
      RUNS,
    );
  });
});
