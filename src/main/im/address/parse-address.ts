import type { ServerEndpoint } from '../core';

/** A server address that could not be used; the manager reports it as addressUnavailable. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
}

/** Parses "host:port" or "[ipv6]:port" (the route API's tcp_addr); optional tcp:// prefix. */
export function parseHostPort(text: string): ServerEndpoint {
  const trimmed = text.trim().replace(/^tcp:\/\//i, '');
  const match = /^(?:\[([^\]]+)\]|([^:[\]\s/]+)):(\d{1,5})$/.exec(trimmed);
  if (!match)
    throw new AddressError(`not a host:port address: ${JSON.stringify(text.slice(0, 100))}`);
  const host = (match[1] ?? match[2]) as string;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) throw new AddressError(`port out of range: ${port}`);
  return { host, port };
}

export { formatEndpoint } from '../../../shared/endpoint';

export function validateEndpoint(endpoint: ServerEndpoint): ServerEndpoint {
  if (typeof endpoint.host !== 'string' || endpoint.host.length === 0) {
    throw new AddressError('host must be a non-empty string');
  }
  if (!Number.isInteger(endpoint.port) || endpoint.port < 1 || endpoint.port > 65_535) {
    throw new AddressError(`port must be an integer in 1..65535, got ${String(endpoint.port)}`);
  }
  return endpoint;
}
