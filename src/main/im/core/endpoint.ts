import type { Socket } from 'node:net';

export interface ServerEndpoint {
  host: string;
  port: number;
}

/** Static address, or the server's GET /route endpoint (docs/protocol.md §11). */
export type AddressOption = ServerEndpoint | { routeUrl: string };

/** What a connection needs of a socket; net.Socket satisfies it. Tests wrap or replace it. */
export type SocketFactory = (endpoint: ServerEndpoint) => Socket;
