/**
 * Failed attempts since the link was last stable; drives the backoff delay, the attempt budget
 * and the `attempt` shown in the snapshot. A link that drops before `stableAfterMs` does not reset
 * it, so a server that accepts and drops at once cannot cause a reconnect storm.
 */
export class AttemptCounter {
  private count = 0;
  /** when the current link came up; 0 when there is none */
  private connectedAt = 0;

  get failures(): number {
    return this.count;
  }

  /** A user action, the network coming back, a resume: a fresh budget. */
  reset(): void {
    this.count = 0;
  }

  /** The machine slept: a fresh budget, and the link it had is not counted as stable. */
  resetAll(): void {
    this.count = 0;
    this.connectedAt = 0;
  }

  /** The link came up (CONNACK accepted). */
  connected(now: number): void {
    this.connectedAt = now;
  }

  /** An attempt failed or the link dropped. */
  fail(now: number, stableAfterMs: number): void {
    if (this.connectedAt > 0 && now - this.connectedAt >= stableAfterMs) this.count = 0;
    this.connectedAt = 0;
    this.count += 1;
  }

  /** True when more attempts failed than the budget allows (null = unlimited). */
  exceeds(max: number | null): boolean {
    return max !== null && this.count > max;
  }
}
