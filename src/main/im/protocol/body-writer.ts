/**
 * Low-level helpers for building a packet into one Buffer whose size is computed up front:
 * field validation (range/type checks that raise ProtocolError 'invalidField') and writers
 * that never grow or copy the buffer.
 */
import { MAX_STRING_BYTES } from './packets';
import { ProtocolError } from './protocol-error';

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const LONE_SURROGATE = /\p{Cs}/u;

function bad(field: string, what: string, value: unknown): never {
  throw new ProtocolError('invalidField', `${field} must be ${what}, got ${String(value)}`);
}

export function checkU8(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) bad(field, 'an integer 0..255', v);
  return v;
}

export function checkU32(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) bad(field, 'an integer 0..2^32-1', v);
  return v;
}

export function checkI32(v: number, field: string): number {
  if (!Number.isInteger(v) || v < -0x8000_0000 || v > 0x7fff_ffff) {
    bad(field, 'an integer -2^31..2^31-1', v);
  }
  return v;
}

export function checkI64(v: bigint, field: string): bigint {
  if (typeof v !== 'bigint' || v < I64_MIN || v > I64_MAX) bad(field, 'a signed 64-bit bigint', v);
  return v;
}

export function checkU64(v: bigint, field: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) bad(field, 'an unsigned 64-bit bigint', v);
  return v;
}

/** u32 below version 6, u64 from 6 on (messageSeq, spec §1.2). */
export function checkSeq(v: bigint, field: string, wide: boolean): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > (wide ? U64_MAX : 0xffff_ffffn)) {
    bad(field, wide ? 'an unsigned 64-bit bigint' : 'a bigint 0..2^32-1', v);
  }
  return v;
}

export function checkBytes(v: Uint8Array, field: string): Uint8Array {
  if (!(v instanceof Uint8Array)) bad(field, 'a Buffer', typeof v);
  return v;
}

/**
 * UTF-8 byte length of a string field, validated against the 32,767-byte limit (spec §3).
 * A lone surrogate would be silently replaced by U+FFFD, so it is refused instead.
 */
export function stringSize(s: string, field: string): number {
  if (typeof s !== 'string') bad(field, 'a string', s);
  // ASCII strings (the common case: ids, keys, msgKeys) have one byte per UTF-16 unit.
  const n = Buffer.byteLength(s, 'utf8');
  if (n !== s.length && LONE_SURROGATE.test(s)) {
    throw new ProtocolError('invalidUtf8', `${field} contains a lone UTF-16 surrogate`);
  }
  if (n > MAX_STRING_BYTES) {
    throw new ProtocolError(
      'stringTooLong',
      `${field} is ${n} bytes, the limit is ${MAX_STRING_BYTES}`,
    );
  }
  return n;
}

/** Writes u16 length + bytes; `size` comes from stringSize(). Returns the new offset. */
export function writeString(buf: Buffer, pos: number, s: string, size: number): number {
  buf[pos] = size >>> 8;
  buf[pos + 1] = size & 0xff;
  pos += 2;
  if (size === s.length) {
    if (size < 48) {
      // Short ASCII: a plain loop beats the native call overhead of buf.write.
      for (let i = 0; i < size; i++) buf[pos + i] = s.charCodeAt(i);
    } else {
      buf.write(s, pos, size, 'latin1');
    }
  } else {
    buf.write(s, pos, size, 'utf8');
  }
  return pos + size;
}

export function writeU32(buf: Buffer, pos: number, v: number): number {
  buf[pos] = v >>> 24;
  buf[pos + 1] = (v >>> 16) & 0xff;
  buf[pos + 2] = (v >>> 8) & 0xff;
  buf[pos + 3] = v & 0xff;
  return pos + 4;
}

export function writeI64(buf: Buffer, pos: number, v: bigint): number {
  buf.writeBigInt64BE(v, pos);
  return pos + 8;
}

export function writeU64(buf: Buffer, pos: number, v: bigint): number {
  buf.writeBigUInt64BE(v, pos);
  return pos + 8;
}
