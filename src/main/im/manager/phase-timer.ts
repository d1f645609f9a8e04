import type { Clock } from './types';

/** A preparation step (connect info, address lookup, token refresh) took too long. */
export class PhaseTimeout extends Error {
  override readonly name = 'PhaseTimeout';
}

/**
 * The one timer that bounds the current preparation step of an attempt. Steps run one after the
 * other, so starting a step (or cancel()) drops the previous step's timer; that step's promise then
 * settles only with its own result, which the manager ignores by epoch.
 */
export class PhaseTimer {
  private timer: unknown = undefined;

  /** The clock is read on each use so it follows the manager's options. */
  constructor(private readonly clock: () => Clock) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Settles like `promise`, or rejects with PhaseTimeout after `ms`. */
  run<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.cancel();
      const timer = this.clock().setTimeout(() => {
        if (this.timer === timer) this.timer = undefined;
        reject(new PhaseTimeout(`${what} timed out after ${ms} ms`));
      }, ms);
      this.timer = timer;
      const done = (): void => {
        if (this.timer === timer) this.cancel();
      };
      Promise.resolve(promise).then(
        (v) => {
          done();
          resolve(v);
        },
        (err: unknown) => {
          done();
          reject(err);
        },
      );
    });
  }

  cancel(): void {
    if (this.timer !== undefined) {
      this.clock().clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
