/**
 * Streaming framer for a TCP (or reassembled WebSocket) byte stream (spec §4.4).
 *
 * push() returns every frame completed by the chunk, in order. Packets may be split anywhere,
 * including inside the remaining-length varint; PING/PONG are one byte. Memory is bounded: the
 * reader holds at most one incomplete frame, whose declared length was checked against
 * maxPacketSize before anything was buffered, so bufferedBytes <= maxPacketSize + 5.
 *
 * Errors: a ProtocolError ('unknownPacketType' for types 0/13-15, 'varintTooLong',
 * 'packetTooLarge') means the stream is corrupt. The reader is then unusable: it drops its
 * buffer, frames completed earlier in the same chunk are lost, and every later push() throws
 * the same error until reset(). The owner is expected to close the connection.
 *
 * Frames are zero-copy views into the pushed chunk when they lie entirely inside it, so a
 * caller must not reuse or mutate a chunk after pushing it (Node sockets never do).
 */
import { DEFAULT_MAX_PACKET_SIZE, PacketType } from './packets';
import { ProtocolError } from './protocol-error';
import { MAX_REMAINING_LENGTH } from './varint';

export interface FrameReaderOptions {
  /** Largest remaining length accepted (default 1 MiB, as the server). */
  maxPacketSize?: number;
}

const NEED_MORE = -1;

export class FrameReader {
  readonly maxPacketSize: number;
  /** Fixed header + incomplete varint (at most 4 bytes) waiting for its end. */
  private readonly head = Buffer.alloc(5);
  private headLen = 0;
  /** Stream offset of head[0], for error offsets. */
  private headAt = 0;
  /** Incomplete frame whose total size is known; filled up to `filled`. */
  private partial: Buffer | null = null;
  private filled = 0;
  /** Stream bytes consumed before the current chunk, for error offsets. */
  private consumed = 0;
  private failure: ProtocolError | null = null;

  constructor(opts?: FrameReaderOptions) {
    const max = opts?.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE;
    if (!Number.isInteger(max) || max < 0) {
      throw new ProtocolError(
        'invalidField',
        `maxPacketSize must be a non-negative integer, got ${max}`,
      );
    }
    this.maxPacketSize = Math.min(max, MAX_REMAINING_LENGTH);
  }

  /** Bytes held for an incomplete frame. */
  get bufferedBytes(): number {
    return this.headLen + this.filled;
  }

  /** Drops any buffered bytes and a previous failure; use for a new connection. */
  reset(): void {
    this.headLen = 0;
    this.partial = null;
    this.filled = 0;
    this.consumed = 0;
    this.failure = null;
  }

  push(chunk: Uint8Array): Buffer[] {
    if (this.failure) throw this.failure;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      const frames = this.read(buf);
      this.consumed += buf.length;
      return frames;
    } catch (err) {
      const failure =
        err instanceof ProtocolError
          ? err
          : new ProtocolError('invalidField', `frame reader failed: ${String(err)}`);
      this.failure = failure;
      this.headLen = 0;
      this.partial = null;
      this.filled = 0;
      throw failure;
    }
  }

  /**
   * Total frame length for a header starting at buf[start] with data up to `end`, or
   * NEED_MORE. `streamAt` is the stream offset of buf[start] (for errors).
   */
  private frameLength(buf: Buffer, start: number, end: number, streamAt: number): number {
    const type = buf[start]! >> 4;
    if (type === PacketType.PING || type === PacketType.PONG) return 1;
    if (type === 0 || type > PacketType.EVENT) {
      throw new ProtocolError('unknownPacketType', `packet type ${type} in stream`, streamAt);
    }
    let value = 0;
    let multiplier = 1;
    for (let i = 1; i <= 4; i++) {
      if (start + i >= end) return NEED_MORE;
      const b = buf[start + i]!;
      value += (b & 0x7f) * multiplier;
      if ((b & 0x80) === 0) {
        if (value > this.maxPacketSize) {
          throw new ProtocolError(
            'packetTooLarge',
            `remaining length ${value} exceeds ${this.maxPacketSize}`,
            streamAt,
          );
        }
        return 1 + i + value;
      }
      multiplier *= 128;
    }
    throw new ProtocolError(
      'varintTooLong',
      'remaining length has a continuation bit on its 4th byte',
      streamAt + 4,
    );
  }

  private read(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const len = chunk.length;
    let pos = 0;

    // 1. Finish a header whose varint was split; bytes are added one at a time (<= 4).
    if (this.headLen > 0) {
      const head = this.head;
      let total = NEED_MORE;
      while (pos < len && total === NEED_MORE) {
        head[this.headLen++] = chunk[pos++]!;
        total = this.frameLength(head, 0, this.headLen, this.headAt);
      }
      if (total === NEED_MORE) return out;
      const headBytes = this.headLen;
      this.headLen = 0;
      const frame = Buffer.allocUnsafe(total);
      head.copy(frame, 0, 0, headBytes);
      this.partial = frame;
      this.filled = headBytes;
    }

    // 2. Fill the incomplete frame.
    const partial = this.partial;
    if (partial !== null) {
      const n = Math.min(partial.length - this.filled, len - pos);
      chunk.copy(partial, this.filled, pos, pos + n);
      this.filled += n;
      pos += n;
      if (this.filled < partial.length) return out;
      out.push(partial);
      this.partial = null;
      this.filled = 0;
    }

    // 3. Whole frames straight from the chunk (zero-copy), then keep the tail.
    while (pos < len) {
      const total = this.frameLength(chunk, pos, len, this.consumed + pos);
      if (total === NEED_MORE) {
        chunk.copy(this.head, 0, pos, len);
        this.headLen = len - pos;
        this.headAt = this.consumed + pos;
        return out;
      }
      if (pos + total <= len) {
        out.push(chunk.subarray(pos, pos + total));
        pos += total;
      } else {
        const frame = Buffer.allocUnsafe(total);
        chunk.copy(frame, 0, pos, len);
        this.partial = frame;
        this.filled = len - pos;
        return out;
      }
    }
    return out;
  }
}
