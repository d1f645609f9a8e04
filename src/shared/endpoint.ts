import type { ServerAddress } from './settings';

/** "host:port", with an IPv6 host in brackets ("[::1]:5100") so the port stays readable. */
export function formatEndpoint(endpoint: { host: string; port: number }): string {
  return endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}

/** A configured server as people read it: its endpoint, or the route URL. */
export function describeServer(server: ServerAddress): string {
  return server.kind === 'static' ? formatEndpoint(server) : server.url;
}
