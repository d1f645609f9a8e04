/**
 * Writes encoded packets to a transport, applying the write faults a test asked for: every
 * packet split into single bytes with small gaps, or several packets merged into one write.
 * Order is always kept, also while a fault is switched on or off.
 */
import type { Transport } from './transport';

export interface WriteFaults {
  /** null = no splitting; otherwise the gap between single-byte writes */
  splitGapMs: number | null;
  merge: boolean;
  mergeWindowMs: number;
}

export class OutboundWriter {
  /** bytes waiting for the single-byte pump */
  private queue: Buffer[] = [];
  private pumpTimer: NodeJS.Timeout | null = null;
  private mergeBuf: Buffer[] = [];
  private mergeTimer: NodeJS.Timeout | null = null;
  private drainWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly transport: Transport,
    private readonly faults: () => WriteFaults,
  ) {}

  write(packet: Buffer): void {
    if (this.disposed) return;
    const f = this.faults();
    if (f.merge) {
      this.mergeBuf.push(packet);
      this.mergeTimer ??= setTimeout(() => this.flushMerged(), f.mergeWindowMs);
      return;
    }
    if (this.mergeBuf.length > 0) this.flushMerged();
    this.emit(packet);
  }

  /** Raw bytes that bypass merging (garbage injection). */
  writeRaw(bytes: Buffer): void {
    if (this.disposed) return;
    this.emit(bytes);
  }

  /** Calls cb once everything accepted so far has been handed to the transport. */
  whenDrained(cb: () => void): void {
    if (this.mergeBuf.length > 0) this.flushMerged();
    if (this.queue.length === 0) cb();
    else this.drainWaiters.push(cb);
  }

  dispose(): void {
    this.disposed = true;
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.pumpTimer = null;
    this.mergeTimer = null;
    this.queue = [];
    this.mergeBuf = [];
    this.drainWaiters = [];
  }

  private flushMerged(): void {
    if (this.mergeTimer) clearTimeout(this.mergeTimer);
    this.mergeTimer = null;
    const all = Buffer.concat(this.mergeBuf.splice(0));
    if (all.length > 0) this.emit(all);
  }

  private emit(bytes: Buffer): void {
    if (this.faults().splitGapMs !== null || this.queue.length > 0) {
      this.queue.push(Buffer.from(bytes));
      if (!this.pumpTimer) this.pump();
      return;
    }
    this.transport.write(bytes);
  }

  private pump(): void {
    this.pumpTimer = null;
    if (this.disposed) return;
    const gap = this.faults().splitGapMs;
    if (gap === null) {
      // splitting was switched off: hand over the rest in one go, still in order
      const rest = Buffer.concat(this.queue.splice(0));
      if (rest.length > 0) this.transport.write(rest);
    } else {
      const head = this.queue[0]!;
      this.transport.write(head.subarray(0, 1));
      if (head.length > 1) this.queue[0] = head.subarray(1);
      else this.queue.shift();
    }
    if (this.queue.length > 0) {
      this.pumpTimer = setTimeout(() => this.pump(), gap ?? 0);
      return;
    }
    for (const cb of this.drainWaiters.splice(0)) cb();
  }
}
