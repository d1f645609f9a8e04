/**
 * One JSON POST with a timeout: the building block of the default sync provider. Errors say what
 * failed (status, timeout, not JSON) and whether retrying can help.
 */
import type { Clock } from '../core';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class SyncHttpError extends Error {
  override readonly name = 'SyncHttpError';
  constructor(
    message: string,
    /** a timeout, a network error or a 5xx; a 4xx or a malformed answer will fail again */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Answers above this are refused rather than parsed (a page of 10,000 messages is ~5 MB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export async function postJson(
  fetchFn: FetchLike,
  clock: Clock,
  url: string,
  body: unknown,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<unknown> {
  if (signal.aborted) throw new SyncHttpError(`${url}: cancelled`, false);
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    let res: Response;
    let text: string;
    try {
      res = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      const length = Number(res.headers.get('content-length') ?? '0');
      if (length > MAX_RESPONSE_BYTES) {
        throw new SyncHttpError(`${url}: answer of ${length} bytes is too large`, false);
      }
      text = await res.text();
    } catch (err) {
      if (err instanceof SyncHttpError) throw err;
      if (timedOut) throw new SyncHttpError(`${url}: no answer within ${timeoutMs} ms`, true);
      if (signal.aborted) throw new SyncHttpError(`${url}: cancelled`, false);
      throw new SyncHttpError(`${url}: ${(err as Error).message}`, true);
    }
    if (res.status !== 200) {
      throw new SyncHttpError(
        `${url}: HTTP ${res.status} ${text.slice(0, 200)}`,
        res.status >= 500 || res.status === 429 || res.status === 408,
        res.status,
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SyncHttpError(`${url}: answer is not JSON`, false, res.status);
    }
  } finally {
    clock.clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
