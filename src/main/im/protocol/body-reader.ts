/**
 * Sequential reader over one packet body inside a frame. Every read is bounds-checked and
 * failures are ProtocolErrors carrying the field name and the offset within the frame.
 */
import { isUtf8 } from 'node:buffer';
import { MAX_STRING_BYTES } from './packets';
import { ProtocolError } from './protocol-error';

export class BodyReader {
  pos: number;

  constructor(
    private readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  private need(n: number, field: string): void {
    if (this.pos + n > this.end) {
      throw new ProtocolError(
        'truncated',
        `${field} needs ${n} bytes, ${this.end - this.pos} left`,
        this.pos,
      );
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }

  u32(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i32(field: string): number {
    this.need(4, field);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i64(field: string): bigint {
    this.need(8, field);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** messageSeq: u32 below version 6, u64 from 6 on. */
  seq(field: string, wide: boolean): bigint {
    return wide ? this.u64(field) : BigInt(this.u32(field));
  }

  string(field: string): string {
    this.need(2, field);
    const buf = this.buf;
    const at = this.pos;
    const n = (buf[at]! << 8) | buf[at + 1]!;
    if (n > MAX_STRING_BYTES) {
      throw new ProtocolError('stringTooLong', `${field} declares ${n} bytes`, at);
    }
    this.pos += 2;
    this.need(n, field);
    const start = this.pos;
    const stop = start + n;
    this.pos = stop;
    if (n === 0) return '';
    // Fast path for short ASCII (ids, uids, msgKeys): a JS scan is cheaper than isUtf8's native call.
    if (n <= 64) {
      let ascii = true;
      for (let i = start; i < stop; i++) {
        if (buf[i]! > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) return buf.toString('latin1', start, stop);
    }
    const view = buf.subarray(start, stop);
    if (!isUtf8(view)) {
      throw new ProtocolError('invalidUtf8', `${field} is not valid UTF-8`, start);
    }
    return buf.toString('utf8', start, stop);
  }

  /** All bytes left in the body; a view that shares memory with the frame. */
  rest(): Buffer {
    const v = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return v;
  }
}
