/**
 * One client connection on the test server: framing, the phase machine of spec §9 (first packet
 * must be CONNECT, nothing else until authenticated), idle limits per phase (§10.1), writes with
 * fault injection, RECV redelivery until RECVACK, and closing. What packets mean is decided by
 * the hub; this class only keeps one connection's state.
 */
import {
  FrameReader,
  PacketType,
  ProtocolError,
  decodePacket,
  encodePacket,
  peekPacketType,
  type Packet,
} from '../../src/main/im/protocol/index';
import { OutboundWriter, type WriteFaults } from './outbound-writer';
import type { PayloadCipher } from './session-crypto';
import type { Transport } from './transport';

export type Phase = 'new' | 'auth' | 'online' | 'closed';

export interface ConnectionContext {
  newestVersion: number;
  maxPacketSize: number;
  idle: { beforeConnectMs: number; duringAuthMs: number; afterAuthMs: number };
  recvRetryIntervalMs: number;
  recvRetryMax: number;
  writeFaults(): WriteFaults;
  onPacket(conn: ServerConnection, packet: Packet): void;
  onBadInput(conn: ServerConnection, err: Error): void;
  onClosed(conn: ServerConnection, why: string): void;
  onRecvRetry(conn: ServerConnection): void;
}

interface PendingRecv {
  bytes: Buffer;
  retries: number;
  timer: NodeJS.Timeout;
}

export class ServerConnection {
  phase: Phase = 'new';
  uid = '';
  deviceFlag = -1;
  deviceId = '';
  /** version the client asked for */
  clientVersion = 0;
  /** negotiated version used for every packet after CONNECT */
  version = 0;
  deviceLevel: 0 | 1 = 0;
  cipher: PayloadCipher | null = null;
  /** set when a kick is under way: no more RECVs, closed soon */
  kicked = false;
  closeReason = '';

  private readonly reader: FrameReader;
  private readonly writer: OutboundWriter;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Map<bigint, PendingRecv>();
  /** close() was called: ignore further input while the last writes drain */
  private closing = false;

  constructor(
    readonly id: number,
    readonly transport: Transport,
    private readonly ctx: ConnectionContext,
  ) {
    this.reader = new FrameReader({ maxPacketSize: ctx.maxPacketSize });
    this.writer = new OutboundWriter(transport, ctx.writeFaults);
    transport.onData((chunk) => this.onData(chunk));
    transport.onClose((why) => this.finish(why));
    this.armIdle();
  }

  get open(): boolean {
    return this.phase !== 'closed';
  }

  get pendingRecvs(): number {
    return this.pending.size;
  }

  /** Moves to a new phase and restarts the idle clock with that phase's limit. */
  setPhase(phase: Exclude<Phase, 'closed'>): void {
    if (!this.open) return;
    this.phase = phase;
    this.armIdle();
  }

  /** Encodes at this connection's version (or the server's newest before negotiation). */
  send(packet: Packet): Buffer | null {
    if (!this.open) return null;
    const bytes = encodePacket(packet, this.version || this.ctx.newestVersion, {
      maxPacketSize: this.ctx.maxPacketSize,
    });
    this.writer.write(bytes);
    return bytes;
  }

  writeRaw(bytes: Buffer): void {
    if (this.open) this.writer.writeRaw(bytes);
  }

  /** Sends a RECV and, unless noPersist, re-sends the same bytes until RECVACK (§10.1). */
  deliverRecv(bytes: Buffer, messageId: bigint, noPersist: boolean): void {
    if (!this.open) return;
    this.writer.write(bytes);
    if (noPersist) return;
    const schedule = (entry: PendingRecv): NodeJS.Timeout =>
      setTimeout(() => {
        if (!this.open || this.pending.get(messageId) !== entry) return;
        if (entry.retries >= this.ctx.recvRetryMax) {
          this.pending.delete(messageId);
          return;
        }
        entry.retries++;
        this.writer.write(entry.bytes);
        this.ctx.onRecvRetry(this);
        entry.timer = schedule(entry);
      }, this.ctx.recvRetryIntervalMs);
    const old = this.pending.get(messageId);
    if (old) clearTimeout(old.timer);
    const entry: PendingRecv = { bytes, retries: 0, timer: undefined as unknown as NodeJS.Timeout };
    entry.timer = schedule(entry);
    this.pending.set(messageId, entry);
  }

  /** RECVACK: stop redelivering. */
  acknowledge(messageId: bigint): boolean {
    const entry = this.pending.get(messageId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(messageId);
    return true;
  }

  /** Runs fn later unless the connection has closed by then. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.open) fn();
    }, ms);
    this.timers.add(t);
  }

  /** Graceful close once everything queued has been written. */
  close(why: string): void {
    if (!this.open || this.closing) return;
    this.closing = true;
    this.closeReason ||= why;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.writer.whenDrained(() => {
      this.transport.end();
      this.finish(why);
    });
  }

  reset(why: string): void {
    if (!this.open) return;
    this.closeReason ||= why;
    this.transport.reset();
    this.finish(why);
  }

  /** Drops the socket without flushing (server process gone). */
  kill(why: string): void {
    if (!this.open) return;
    this.closeReason ||= why;
    this.transport.destroy();
    this.finish(why);
  }

  private onData(chunk: Buffer): void {
    if (!this.open || this.closing) return;
    this.armIdle();
    try {
      const frames = this.reader.push(chunk);
      for (let i = 0; i < frames.length && this.open && !this.closing; i++) {
        const frame = frames[i]!;
        // A v2 server inspects everything buffered with the CONNECT: anything glued to it is fatal.
        if (
          this.phase === 'new' &&
          i < frames.length - 1 &&
          peekPacketType(frame) === PacketType.CONNECT
        ) {
          throw new ProtocolError('invalidField', 'packets sent together with CONNECT');
        }
        const packet = decodePacket(frame, this.version || this.ctx.newestVersion);
        this.ctx.onPacket(this, packet);
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.ctx.onBadInput(this, error);
      this.close(`bad input: ${error.message}`);
    }
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.open || this.closing) return;
    const limit =
      this.phase === 'new'
        ? this.ctx.idle.beforeConnectMs
        : this.phase === 'auth'
          ? this.ctx.idle.duringAuthMs
          : this.ctx.idle.afterAuthMs;
    this.idleTimer = setTimeout(() => this.close(`idle limit (${this.phase})`), limit);
  }

  private finish(why: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.closeReason ||= why;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.writer.dispose();
    if (!this.transport.closed) this.transport.end();
    this.ctx.onClosed(this, this.closeReason);
  }
}
