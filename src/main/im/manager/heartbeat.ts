import { PacketType, type Packet } from '../protocol/packets';
import type { Clock } from './types';

/** A wall-clock jump is only believed beyond this, so event-loop lag never looks like sleep. */
export const MIN_JUMP_MS = 30_000;

/** What the heartbeat needs of the open connection. */
export interface HeartbeatLink {
  readonly lastReceivedAt: number;
  readonly lastSentAt: number;
  write(packet: Packet): boolean;
}

export interface HeartbeatHooks {
  /** Read on every use, so updateOptions() applies to the running link. */
  settings(): { clock: Clock; heartbeatIntervalMs: number; pongTimeoutMs: number };
  /** Ticks only act while the manager is connected. */
  isConnected(): boolean;
  /** The tick fired so late that the machine must have slept (or the clock jumped). */
  onSleepDetected(lateMs: number): void;
  /** No packet arrived within pongTimeoutMs of a PING: the link is dead. */
  onDeadLink(pongTimeoutMs: number): void;
}

/**
 * Heartbeat and dead-link detection for one open connection (README, "Heartbeat"): the tick
 * re-arms from the last received/sent packet, a PING arms the pong timer, and any inbound packet
 * disarms it. At most two timers, both cleared by stop().
 */
export class Heartbeat {
  private link: HeartbeatLink | null = null;
  private tickTimer: unknown = undefined;
  private pongTimer: unknown = undefined;
  private tickDueAt = 0;
  private pingSentAt = 0;

  constructor(private readonly hooks: HeartbeatHooks) {}

  /** Timers held right now (0–2), for liveResources. */
  get timers(): number {
    return (this.tickTimer === undefined ? 0 : 1) + (this.pongTimer === undefined ? 0 : 1);
  }

  start(link: HeartbeatLink): void {
    this.link = link;
    this.scheduleTick(this.hooks.settings().heartbeatIntervalMs);
  }

  stop(): void {
    this.link = null;
    this.clearTick();
    this.clearPong();
    this.pingSentAt = 0;
  }

  /** Any inbound packet proves the link is alive. */
  packetReceived(): void {
    this.clearPong();
  }

  /** The round trip of the PING a PONG answers, or null when no PING was outstanding. */
  pongReceived(): number | null {
    const rtt = this.hooks.settings().clock.now() - this.pingSentAt;
    if (this.pingSentAt > 0 && rtt >= 0) {
      this.pingSentAt = 0;
      return rtt;
    }
    return null;
  }

  /** PINGs now unless a PING is already waiting for its answer. */
  probe(): void {
    const link = this.link;
    if (!link || this.pongTimer !== undefined) return;
    const { clock, pongTimeoutMs } = this.hooks.settings();
    this.pingSentAt = clock.now();
    link.write({ type: PacketType.PING });
    this.pongTimer = clock.setTimeout(this.onPongTimeout, pongTimeoutMs);
  }

  private scheduleTick(delay: number): void {
    this.clearTick();
    const { clock } = this.hooks.settings();
    this.tickDueAt = clock.now() + delay;
    this.tickTimer = clock.setTimeout(this.onTick, delay);
  }

  private readonly onTick = (): void => {
    this.tickTimer = undefined;
    const link = this.link;
    if (!link || !this.hooks.isConnected()) return;
    const { clock, heartbeatIntervalMs: interval } = this.hooks.settings();
    const now = clock.now();
    const late = now - this.tickDueAt;
    if (late > Math.max(3 * interval, MIN_JUMP_MS)) {
      this.hooks.onSleepDetected(late);
      return;
    }
    if (this.pongTimer !== undefined) {
      this.scheduleTick(interval);
      return;
    }
    const idleRecv = now - link.lastReceivedAt;
    const idleSend = now - link.lastSentAt;
    // PING when nothing arrived for a whole interval (dead-link probe) or nothing was sent for one
    // (the server's idle limit counts only what we send).
    if (idleRecv >= interval || idleSend >= interval) {
      this.probe();
      this.scheduleTick(interval);
      return;
    }
    // Wake up exactly when the first of the two idle periods reaches the interval.
    this.scheduleTick(Math.max(1, interval - Math.max(idleRecv, idleSend)));
  };

  private readonly onPongTimeout = (): void => {
    this.pongTimer = undefined;
    if (!this.link) return;
    this.hooks.onDeadLink(this.hooks.settings().pongTimeoutMs);
  };

  private clearTick(): void {
    if (this.tickTimer !== undefined) {
      this.hooks.settings().clock.clearTimeout(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  private clearPong(): void {
    if (this.pongTimer !== undefined) {
      this.hooks.settings().clock.clearTimeout(this.pongTimer);
      this.pongTimer = undefined;
    }
  }
}
