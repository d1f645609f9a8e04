import { ProtocolError } from './protocol-error';

/** Largest value four 7-bit groups can hold (spec §4.2). */
export const MAX_REMAINING_LENGTH = 268_435_455;

/** Bytes the varint for `n` takes (1-4). `n` must already be validated. */
export function remainingLengthSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4;
}

/** Writes the varint for `n` at `offset`; returns the offset after it. */
export function writeRemainingLength(buf: Buffer, offset: number, n: number): number {
  let v = n;
  do {
    let digit = v & 0x7f;
    v >>>= 7;
    if (v > 0) digit |= 0x80;
    buf[offset++] = digit;
  } while (v > 0);
  return offset;
}

/**
 * Canonical remaining-length encoding. Unlike both reference encoders, 0 is written as `00`
 * (they emit nothing, which no decoder can read back).
 */
export function encodeRemainingLength(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > MAX_REMAINING_LENGTH) {
    throw new ProtocolError(
      'packetTooLarge',
      `remaining length ${n} is not in 0..${MAX_REMAINING_LENGTH}`,
    );
  }
  const out = Buffer.allocUnsafe(remainingLengthSize(n));
  writeRemainingLength(out, 0, n);
  return out;
}

/**
 * Reads a remaining-length varint starting at `offset`, looking no further than `end`.
 * Returns null when the terminating byte has not arrived yet (need more data); throws
 * `varintTooLong` when four bytes all carry the continuation bit.
 */
export function decodeRemainingLength(
  buf: Uint8Array,
  offset: number,
  end: number = buf.length,
): { value: number; bytes: number } | null {
  let value = 0;
  let multiplier = 1;
  for (let i = 0; i < 4; i++) {
    const at = offset + i;
    if (at >= end) return null;
    const b = buf[at]!;
    value += (b & 0x7f) * multiplier;
    if ((b & 0x80) === 0) return { value, bytes: i + 1 };
    multiplier *= 128;
  }
  throw new ProtocolError(
    'varintTooLong',
    'remaining length has a continuation bit on its 4th byte',
    offset + 3,
  );
}
