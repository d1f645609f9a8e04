/**
 * Retries a sync request after retryable failures with full-jitter backoff (the connection's
 * backoff), on the injected clock so tests need no real waiting.
 */
import { backoffDelay, type RandomSource } from '../connection/backoff';
import type { Clock } from '../core';
import { SyncHttpError } from './http-json';

export interface RetryPolicy {
  /** attempts in all, at least 1 */
  attempts: number;
  baseMs: number;
  capMs: number;
}

export class SyncCancelled extends Error {
  override readonly name = 'SyncCancelled';
}

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new SyncCancelled('cancelled'));
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(new SyncCancelled('cancelled'));
    };
    const handle = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const isRetryable = (err: unknown): boolean =>
  err instanceof SyncHttpError ? err.retryable : !(err instanceof SyncCancelled);

export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  clock: Clock,
  random: RandomSource,
  signal: AbortSignal,
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw new SyncCancelled('cancelled');
      if (attempt + 1 >= attempts || !isRetryable(err)) throw err;
      // never 0: a failing server must not be hammered in a tight loop
      const delay = Math.max(policy.baseMs / 2, backoffDelay(attempt + 1, policy, random));
      onRetry?.(err, attempt + 1, delay);
      await sleep(clock, delay, signal);
    }
  }
}
