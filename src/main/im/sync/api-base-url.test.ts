import { describe, expect, it } from 'vitest';
import { ApiBaseUrlError, apiBaseUrl } from './api-base-url';

describe('apiBaseUrl', () => {
  it('derives http://host:5001 from a host:port server address', () => {
    expect(apiBaseUrl({ host: 'im.example.com', port: 5100 })).toBe('http://im.example.com:5001');
    expect(apiBaseUrl({ host: '::1', port: 5100 })).toBe('http://[::1]:5001');
  });

  it("uses a route URL's origin (the route API is served by the HTTP API)", () => {
    expect(apiBaseUrl({ routeUrl: 'https://api.example.com:8443/route?uid=x' })).toBe(
      'https://api.example.com:8443',
    );
  });

  it('a configured URL wins, without a trailing slash', () => {
    expect(apiBaseUrl({ host: 'a', port: 1 }, 'https://biz.example.com/im/')).toBe(
      'https://biz.example.com/im',
    );
    expect(apiBaseUrl({ host: 'a', port: 1 }, '  ')).toBe('http://a:5001');
  });

  it('refuses what is not an http(s) URL with a clear error', () => {
    expect(() => apiBaseUrl({ host: 'a', port: 1 }, 'ftp://x')).toThrow(ApiBaseUrlError);
    expect(() => apiBaseUrl({ routeUrl: 'not a url' })).toThrow(/route URL is not a URL/);
  });
});
