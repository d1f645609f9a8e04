import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AddressError, formatEndpoint, parseHostPort } from './parse-address';
import {
  createAddressResolver,
  RouteAddressResolver,
  StaticAddressResolver,
} from './address-resolver';
import { systemClock } from '../core';

describe('parseHostPort', () => {
  it('parses host:port, [v6]:port and tcp:// prefixes', () => {
    expect(parseHostPort('1.2.3.4:5100')).toEqual({ host: '1.2.3.4', port: 5100 });
    expect(parseHostPort('tcp://im.example.com:5100')).toEqual({
      host: 'im.example.com',
      port: 5100,
    });
    expect(parseHostPort('[::1]:5100')).toEqual({ host: '::1', port: 5100 });
    expect(formatEndpoint({ host: '::1', port: 1 })).toBe('[::1]:1');
  });
  it.each(['', 'host', 'host:0', 'host:70000', 'a b:1', 'http://x:1'])('rejects %j', (text) => {
    expect(() => parseHostPort(text)).toThrow(AddressError);
  });
});

describe('createAddressResolver', () => {
  it('static address resolves as given and validates it', async () => {
    const r = createAddressResolver({ host: '127.0.0.1', port: 5100 }, { clock: systemClock });
    expect(r).toBeInstanceOf(StaticAddressResolver);
    await expect(r.resolve('u1')).resolves.toEqual({ host: '127.0.0.1', port: 5100 });
    expect(() => createAddressResolver({ host: '', port: 1 }, { clock: systemClock })).toThrow(
      AddressError,
    );
    expect(() => createAddressResolver({ routeUrl: 'ftp://x' }, { clock: systemClock })).toThrow(
      AddressError,
    );
  });
});

describe('RouteAddressResolver over real HTTP', () => {
  let server: Server;
  let url: string;
  let answers: Array<{ status: number; body: unknown } | 'hang'>;
  let requests: string[];

  beforeEach(async () => {
    answers = [];
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const next = answers.shift() ?? { status: 500, body: {} };
      if (next === 'hang') return; // never answers
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/route`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('asks GET /route with uid, caches the answer, re-resolves after 3 failures', async () => {
    answers.push({ status: 200, body: { tcp_addr: '10.0.0.1:5100' } });
    answers.push({ status: 200, body: { tcp_addr: '10.0.0.2:5100' } });
    const r = new RouteAddressResolver(url, { clock: systemClock });
    const a = await r.resolve('alice');
    expect(a).toEqual({ host: '10.0.0.1', port: 5100 });
    expect(requests[0]).toBe('/route?uid=alice&intranet=0');
    r.reportFailure(a);
    r.reportFailure(a);
    await expect(r.resolve('alice')).resolves.toEqual(a); // cached, only 2 failures
    expect(requests).toHaveLength(1);
    r.reportFailure(a);
    await expect(r.resolve('alice')).resolves.toEqual({ host: '10.0.0.2', port: 5100 });
    expect(requests).toHaveLength(2);
    expect(r.failureCount).toBe(0);
  });

  it('a success resets the failure count', async () => {
    answers.push({ status: 200, body: { tcp_addr: '10.0.0.1:5100' } });
    const r = new RouteAddressResolver(url, { clock: systemClock });
    const a = await r.resolve('u');
    r.reportFailure(a);
    r.reportFailure(a);
    r.reportSuccess(a);
    r.reportFailure(a);
    await r.resolve('u');
    expect(requests).toHaveLength(1);
  });

  it('falls back to the cached address when the API fails, and errors when nothing is cached', async () => {
    answers.push({ status: 503, body: {} });
    const r = new RouteAddressResolver(url, { clock: systemClock });
    await expect(r.resolve('u')).rejects.toThrow(/HTTP 503/);
    answers.push({ status: 200, body: { tcp_addr: '10.0.0.3:1' } });
    const a = await r.resolve('u');
    for (let i = 0; i < 3; i += 1) r.reportFailure(a);
    answers.push({ status: 200, body: { nope: 1 } });
    await expect(r.resolve('u')).resolves.toEqual(a);
    answers.push({ status: 200, body: { tcp_addr: 'garbage' } });
    await expect(
      new RouteAddressResolver(url, { clock: systemClock }).resolve('u'),
    ).rejects.toBeInstanceOf(AddressError);
  });

  it('times out a lookup that never answers (5 s default, shortened here)', async () => {
    answers.push('hang');
    const r = new RouteAddressResolver(url, { clock: systemClock, timeoutMs: 50 });
    const started = Date.now();
    await expect(r.resolve('u')).rejects.toThrow(/timed out after 50 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('RouteAddressResolver timeout under fake time', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('uses the 5 s default', async () => {
    vi.useFakeTimers();
    const fetchHang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const r = new RouteAddressResolver('http://route.invalid/route', {
      clock: systemClock,
      fetch: fetchHang,
    });
    const p = r.resolve('u');
    const settled = vi.fn();
    p.then(settled, settled);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await expect(p).rejects.toThrow(/5000 ms/);
  });
});
