import { describe, expect, it } from 'vitest';
import { describeServer, formatEndpoint } from './endpoint';

describe('formatEndpoint / describeServer', () => {
  it('brackets an IPv6 host so the port stays readable', () => {
    expect(formatEndpoint({ host: '::1', port: 5100 })).toBe('[::1]:5100');
    expect(formatEndpoint({ host: '127.0.0.1', port: 5100 })).toBe('127.0.0.1:5100');
    expect(describeServer({ kind: 'static', host: 'fe80::1', port: 1 })).toBe('[fe80::1]:1');
    expect(describeServer({ kind: 'route', url: 'http://h/route' })).toBe('http://h/route');
  });
});
