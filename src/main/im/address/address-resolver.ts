import type { AddressOption, Clock, ServerEndpoint } from '../core';
import { AddressError, formatEndpoint, parseHostPort, validateEndpoint } from './parse-address';
import { errorMessage } from '../../../shared/error-message';

/** Connect failures to one address after which the route API is asked again. */
export const RERESOLVE_AFTER_FAILURES = 3;
export const DEFAULT_ADDRESS_TIMEOUT_MS = 5_000;

export interface AddressResolver {
  /** The address for the next attempt. Rejects with AddressError when none is known. */
  resolve(uid: string): Promise<ServerEndpoint>;
  /** A connect attempt to this address failed (TCP, CONNACK timeout, close before CONNACK). */
  reportFailure(endpoint: ServerEndpoint): void;
  /** A session was established on this address. */
  reportSuccess(endpoint: ServerEndpoint): void;
  /** Abandons an in-flight lookup (disconnect, shutdown). */
  cancel(): void;
}

export interface ResolverDeps {
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export function createAddressResolver(option: AddressOption, deps: ResolverDeps): AddressResolver {
  if ('routeUrl' in option) return new RouteAddressResolver(option.routeUrl, deps);
  return new StaticAddressResolver(validateEndpoint({ host: option.host, port: option.port }));
}

export class StaticAddressResolver implements AddressResolver {
  constructor(private readonly endpoint: ServerEndpoint) {}
  resolve(): Promise<ServerEndpoint> {
    return Promise.resolve(this.endpoint);
  }
  reportFailure(): void {}
  reportSuccess(): void {}
  cancel(): void {}
}

/**
 * WuKongIM `GET /route?uid=..&intranet=0` -> `{"tcp_addr":"host:port"}`. The last good answer is
 * cached and reused until three connects to it in a row have failed; then the API is asked again.
 * When the API is unreachable, a cached address (even a failing one) is better than none.
 */
export class RouteAddressResolver implements AddressResolver {
  private cached: ServerEndpoint | null = null;
  private failures = 0;
  private inflight: AbortController | null = null;
  private readonly timeoutMs: number;

  constructor(
    private readonly routeUrl: string,
    private readonly deps: ResolverDeps,
  ) {
    this.timeoutMs = deps.timeoutMs ?? DEFAULT_ADDRESS_TIMEOUT_MS;
    try {
      const url = new URL(routeUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw new AddressError(
        `route URL must be an http(s) URL: ${JSON.stringify(routeUrl.slice(0, 200))}`,
      );
    }
  }

  async resolve(uid: string): Promise<ServerEndpoint> {
    if (this.cached && this.failures < RERESOLVE_AFTER_FAILURES) return this.cached;
    try {
      const endpoint = await this.lookup(uid);
      // Asked again after failures: give the (possibly same) answer a fresh budget of attempts.
      this.failures = 0;
      this.cached = endpoint;
      return endpoint;
    } catch (err) {
      if (this.cached) return this.cached;
      throw err instanceof AddressError
        ? err
        : new AddressError(`route lookup failed: ${errorMessage(err)}`);
    }
  }

  reportFailure(endpoint: ServerEndpoint): void {
    if (this.cached && formatEndpoint(endpoint) === formatEndpoint(this.cached)) this.failures += 1;
  }

  reportSuccess(endpoint: ServerEndpoint): void {
    if (this.cached && formatEndpoint(endpoint) === formatEndpoint(this.cached)) this.failures = 0;
  }

  cancel(): void {
    this.inflight?.abort();
    this.inflight = null;
  }

  /** Consecutive failed connects to the cached address (exposed for diagnostics and tests). */
  get failureCount(): number {
    return this.failures;
  }

  private async lookup(uid: string): Promise<ServerEndpoint> {
    const fetchFn = this.deps.fetch ?? globalThis.fetch;
    const url = new URL(this.routeUrl);
    url.searchParams.set('uid', uid);
    url.searchParams.set('intranet', '0');
    this.inflight?.abort();
    const controller = new AbortController();
    this.inflight = controller;
    const { clock } = this.deps;
    let timer: unknown;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = clock.setTimeout(() => {
        controller.abort();
        reject(new AddressError(`route lookup timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      const request = (async () => {
        const res = await fetchFn(url, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        if (!res.ok) throw new AddressError(`route API answered HTTP ${res.status}`);
        const body: unknown = await res.json();
        const tcpAddr =
          typeof body === 'object' && body !== null
            ? (body as Record<string, unknown>).tcp_addr
            : undefined;
        if (typeof tcpAddr !== 'string' || tcpAddr === '') {
          throw new AddressError('route API answer has no tcp_addr');
        }
        return parseHostPort(tcpAddr);
      })();
      // The loser of the race must not surface as an unhandled rejection.
      request.catch(() => undefined);
      return await Promise.race([request, timeout]);
    } finally {
      clock.clearTimeout(timer);
      if (this.inflight === controller) this.inflight = null;
    }
  }
}
