/**
 * Where WuKongIM's HTTP API is: a configured URL, else the route URL's origin (GET /route is
 * served by the API itself), else the TCP server's host on the API's default port.
 */
import type { AddressOption } from '../core';

export const DEFAULT_API_PORT = 5001;

export class ApiBaseUrlError extends Error {
  override readonly name = 'ApiBaseUrlError';
}

function checkedHttpUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ApiBaseUrlError(`${what} is not a URL: ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiBaseUrlError(`${what} must be http or https, not ${url.protocol}`);
  }
  return url;
}

/** Base URL without a trailing slash, e.g. "http://im.example.com:5001". */
export function apiBaseUrl(address: AddressOption, configured?: string | null): string {
  if (configured && configured.trim() !== '') {
    const url = checkedHttpUrl(configured, 'API base URL');
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  if ('routeUrl' in address) return checkedHttpUrl(address.routeUrl, 'route URL').origin;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `http://${host}:${DEFAULT_API_PORT}`;
}
