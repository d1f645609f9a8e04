/** Public types of the WuKongIM-compatible test server (spec §9-§11). */
import type { EventEmitter } from 'node:events';
import type { TlsListenerOptions } from './tls-listener';

export type AuthFailureStyle = 'close' | 'connack';

export interface TestUser {
  uid: string;
  token: string;
  /** default 2 (PC) */
  deviceFlag?: number;
  /** default 1 (master) */
  deviceLevel?: 0 | 1;
}

export interface IdleLimits {
  /** TCP accepted, no CONNECT yet (default 2000) */
  beforeConnectMs?: number;
  /** CONNECT received, not authenticated (default 4000) */
  duringAuthMs?: number;
  /** authenticated: no inbound bytes for this long closes (default 180000) */
  afterAuthMs?: number;
}

export interface TestServerOptions {
  /** default '127.0.0.1' */
  host?: string;
  /** 0 (default) = free port */
  tcpPort?: number;
  /** 0 (default) = free port, null = no WebSocket listener */
  wsPort?: number | null;
  /** 0 (default) = free port */
  httpPort?: number;
  /** a TLS listener too (certificate and key in PEM; see tls-fixtures.ts); none by default */
  tls?: TlsListenerOptions;
  /** default 5 (v2.2.x); 4 for v2.0/2.1; 6 for the v3 beta */
  newestVersion?: number;
  /** default true */
  tokenAuth?: boolean;
  /** default 'close' (v2.x: no CONNACK, closed by the auth idle limit) */
  authFailureStyle?: AuthFailureStyle;
  /** default true; false = empty serverKey/salt and plaintext payloads */
  encryption?: boolean;
  /** delay between DISCONNECT(12) (or a silent same-device kick) and the close; default 2000 */
  kickCloseDelayMs?: number;
  /** delay before closing connections kicked by POST /user/token with device_level 1; default 10000 */
  tokenKickCloseDelayMs?: number;
  idle?: IdleLimits;
  /** default 60000 */
  recvRetryIntervalMs?: number;
  /** default 5 */
  recvRetryMax?: number;
  /** largest accepted remaining length; default 1 MiB */
  maxPacketSize?: number;
  /** CONNACK nodeId at version >= 4; default 1001 */
  nodeId?: bigint;
  /** collect packets into one write for this long when mergeWrites is on; default 10 */
  mergeWindowMs?: number;
  users?: TestUser[];
}

export interface OnlineConnection {
  id: number;
  uid: string;
  deviceFlag: number;
  deviceId: string;
  version: number;
  transport: 'tcp' | 'ws';
}

export interface TestServerStats {
  tcpAccepted: number;
  wsAccepted: number;
  connectPackets: number;
  connectsByUid: Map<string, number>;
  connacks: number;
  pings: number;
  pongs: number;
  sends: number;
  recvs: number;
  recvRetries: number;
  recvAcks: number;
  protocolErrors: number;
}

export interface TestServerFaults {
  /** stop answering PING */
  ignorePings(on: boolean): void;
  /** never answer CONNECT (the auth idle limit closes the connection) */
  ignoreConnect(on: boolean): void;
  /** delay every successful CONNACK by ms (0 = off) */
  delayConnack(ms: number): void;
  /** write bytes no decoder accepts (type 15 header) to every live connection */
  sendGarbage(): void;
  /** write every outgoing packet one byte at a time, gapMs apart (default 2) */
  splitWrites(on: boolean, gapMs?: number): void;
  /** collect outgoing packets and write them together */
  mergeWrites(on: boolean): void;
  /** FIN every connection */
  closeAll(): void;
  /** RST every connection */
  resetAll(): void;
  /** accept and immediately reset new connections (listeners stay up) */
  refuseConnections(on: boolean): void;
}

export interface MessageInput {
  fromUid: string;
  channelId: string;
  channelType: number;
  payload: Buffer | string;
  clientMsgNo?: string;
  /** header flags of the RECVs */
  redDot?: boolean;
  syncOnce?: boolean;
  noPersist?: boolean;
}

export interface TestServer {
  readonly host: string;
  readonly tcpPort: number;
  readonly wsPort: number | null;
  readonly httpPort: number;
  /** the TLS listener's port, or null without the tls option */
  readonly tlsPort: number | null;
  /** 'host:port' */
  readonly tcpAddress: string;
  /** 'ws://host:port' or null */
  readonly wsUrl: string | null;
  /** 'http://host:port' */
  readonly httpUrl: string;
  registerToken(uid: string, token: string, deviceFlag?: number, deviceLevel?: 0 | 1): void;
  banUser(uid: string, banned: boolean): void;
  setGroupMembers(groupId: string, uids: string[]): void;
  sendMessage(m: MessageInput): { messageId: bigint; messageSeq: bigint };
  /** DISCONNECT(12, reason) + close after kickCloseDelayMs; deviceFlag -1 = every device */
  kickDevice(uid: string, deviceFlag: number, reason?: string): number;
  online(uid?: string): OnlineConnection[];
  readonly stats: TestServerStats;
  resetStats(): void;
  readonly faults: TestServerFaults;
  /**
   * 'connect' {id, uid, deviceId, deviceFlag, version}, 'auth' {id, uid, ok, reasonCode},
   * 'send' {id, uid, messageId, messageSeq, reasonCode, payload}, 'recvack' {id, uid, messageId,
   * messageSeq}, 'close' {id, uid, reason}, 'error' {id, error} (only emitted when listened to).
   */
  readonly events: EventEmitter;
  stop(): Promise<void>;
  /** stop the listeners and drop every connection, wait downMs, listen again on the same ports */
  restart(opts?: { downMs?: number }): Promise<void>;
  /** TCP + WS listeners stop and every connection is dropped; the HTTP API stays up */
  stopListening(): Promise<void>;
  startListening(): Promise<void>;
}
