import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Clock, ServerEndpoint, SocketFactory } from '../core';
import { describeTlsError } from './tls-socket-factory';
import {
  PacketType,
  type ConnackPacket,
  type Packet,
  DEFAULT_MAX_PACKET_SIZE,
} from '../protocol/packets';
import { decodePacket, encodePacket, FrameReader, isProtocolError } from '../protocol';
import type { KeyObject } from 'node:crypto';
import { cipherFromConnack, generateKeyPair, type PayloadCipher } from '../crypto';

/** What the CONNECT carries besides the key (which the connection makes fresh). */
export interface Handshake {
  version: number;
  deviceFlag: number;
  deviceId: string;
  uid: string;
  token: string;
}

export type ConnectionPhase = 'tcp' | 'handshake' | 'open' | 'ended';

/** Why a connection ended; reported exactly once, never for a close the owner asked for. */
export type ConnectionEnd =
  | { kind: 'tcpTimeout' }
  | { kind: 'connackTimeout' }
  /** the socket failed or the peer closed it; `phase` is where we were */
  | { kind: 'closed'; phase: 'tcp' | 'handshake' | 'open'; error?: string }
  | { kind: 'protocolError'; detail: string }
  | { kind: 'connackRefused'; reasonCode: number }
  | { kind: 'disconnect'; reasonCode: number; reasonText: string };

export interface OpenInfo {
  connack: ConnackPacket;
  /** min(our version, serverVersion) (spec §6) */
  effectiveVersion: number;
  cipher: PayloadCipher;
}

export interface ConnectionListener {
  onOpen(info: OpenInfo): void;
  /** Packets after a successful CONNACK: SENDACK, RECV, PONG. EVENT is skipped. */
  onPacket(packet: Packet): void;
  onEnd(end: ConnectionEnd): void;
}

export interface ConnectionOptions {
  endpoint: ServerEndpoint;
  handshake: Handshake;
  socketFactory: SocketFactory;
  clock: Clock;
  /** applies to TCP connect and to CONNACK separately */
  connectTimeoutMs: number;
  maxPacketSize?: number;
  /** TCP keepalive initial delay */
  keepAliveMs?: number;
}

const NOOP = (): void => undefined;
/** `error` of a 'closed' end when the peer closed cleanly (FIN). */
export const PEER_CLOSED = 'closed by peer';

/**
 * One TCP connection: socket + frame reader + handshake. It writes exactly one CONNECT (alone in
 * its write) and nothing else until a successful CONNACK, and it ends exactly once.
 */
export class Connection {
  phase: ConnectionPhase = 'tcp';
  /** clock.now() of the last inbound bytes / outbound write; read by the heartbeat */
  lastReceivedAt: number;
  lastSentAt: number;
  /** clock.now() when CONNECT was written (null before): a close soon after is no auth refusal */
  connectWrittenAt: number | null = null;
  private socket: Socket | null = null;
  private readonly reader: FrameReader;
  private timer: unknown = undefined;
  private version: number;
  private privateKey: KeyObject | undefined = undefined;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly listener: ConnectionListener,
  ) {
    this.reader = new FrameReader({
      maxPacketSize: options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
    });
    this.version = options.handshake.version;
    this.lastReceivedAt = options.clock.now();
    this.lastSentAt = this.lastReceivedAt;
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  start(): void {
    const { options } = this;
    let socket: Socket;
    try {
      socket = options.socketFactory(options.endpoint);
    } catch (err) {
      // A factory that throws synchronously (bad host) is an ordinary failed attempt.
      this.finish({ kind: 'closed', phase: 'tcp', error: describe(err) }, true);
      return;
    }
    this.socket = socket;
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('end', this.onPeerEnd);
    socket.on('data', this.onData);
    // Over TLS nothing (the token least of all) is written before the certificate was verified.
    socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', this.onConnect);
    this.timer = options.clock.setTimeout(this.onTimeout, options.connectTimeoutMs);
  }

  /** Writes a packet of an open session. Returns false when the connection is not open. */
  write(packet: Packet): boolean {
    if (this.phase !== 'open' || !this.socket) return false;
    // An encoding failure (caller bug or bad input) throws to the caller and leaves the link open.
    const frame = encodePacket(packet, this.version);
    this.lastSentAt = this.options.clock.now();
    this.socket.write(frame);
    return true;
  }

  /** Closes at once; no onEnd for a close the owner asked for. */
  close(): void {
    this.finish(null, false);
  }

  private readonly onConnect = (): void => {
    if (this.phase !== 'tcp' || !this.socket) return;
    this.options.clock.clearTimeout(this.timer);
    const socket = this.socket;
    // Keepalive and no-delay are best effort: an in-memory test socket may not implement them.
    socket.setKeepAlive?.(true, this.options.keepAliveMs ?? 15_000);
    socket.setNoDelay?.(true);
    const keys = generateKeyPair();
    this.privateKey = keys.privateKey;
    const { handshake, clock } = this.options;
    let frame: Buffer;
    try {
      frame = encodePacket(
        {
          type: PacketType.CONNECT,
          version: handshake.version,
          deviceFlag: handshake.deviceFlag,
          deviceId: handshake.deviceId,
          uid: handshake.uid,
          token: handshake.token,
          clientTimestamp: BigInt(Math.trunc(clock.now())),
          clientKey: keys.publicKeyBase64,
        },
        handshake.version,
      );
    } catch (err) {
      // e.g. a uid/token longer than the protocol allows: nothing the server could accept.
      this.finish(
        { kind: 'connackRefused', reasonCode: 2 },
        true,
        `CONNECT not encodable: ${describe(err)}`,
      );
      return;
    }
    this.phase = 'handshake';
    this.lastSentAt = clock.now();
    this.connectWrittenAt = this.lastSentAt;
    // CONNECT alone in one write; nothing else is written until CONNACK (spec §9).
    socket.write(frame);
    this.timer = clock.setTimeout(this.onTimeout, this.options.connectTimeoutMs);
  };

  private readonly onTimeout = (): void => {
    if (this.phase === 'tcp') this.finish({ kind: 'tcpTimeout' }, true);
    else if (this.phase === 'handshake') this.finish({ kind: 'connackTimeout' }, true);
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.phase === 'ended' || this.phase === 'tcp') return;
    this.lastReceivedAt = this.options.clock.now();
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.finish({ kind: 'protocolError', detail: describe(err) }, true);
      return;
    }
    for (const frame of frames) {
      // onFrame may end the connection (DISCONNECT, bad packet): drop the rest of the chunk.
      if (this.ended) return;
      this.onFrame(frame);
    }
  };

  private onFrame(frame: Buffer): void {
    const type = (frame[0] ?? 0) >> 4;
    // EVENT (12) is not used by this app; skip it without decoding (spec §8.10).
    if (type === PacketType.EVENT && this.phase === 'open') return;
    let packet: Packet;
    try {
      packet = decodePacket(frame, this.version);
    } catch (err) {
      this.finish({ kind: 'protocolError', detail: describe(err) }, true);
      return;
    }
    if (this.phase === 'handshake') {
      if (packet.type === PacketType.CONNACK) this.onConnack(packet);
      else if (packet.type === PacketType.DISCONNECT) {
        this.finish(
          { kind: 'disconnect', reasonCode: packet.reasonCode, reasonText: packet.reason },
          true,
        );
      } else
        this.finish(
          { kind: 'protocolError', detail: `packet type ${packet.type} before CONNACK` },
          true,
        );
      return;
    }
    switch (packet.type) {
      case PacketType.DISCONNECT:
        this.finish(
          { kind: 'disconnect', reasonCode: packet.reasonCode, reasonText: packet.reason },
          true,
        );
        return;
      case PacketType.SENDACK:
      case PacketType.RECV:
      case PacketType.PONG:
        this.listener.onPacket(packet);
        return;
      default:
        this.finish(
          { kind: 'protocolError', detail: `unexpected packet type ${packet.type}` },
          true,
        );
    }
  }

  private onConnack(connack: ConnackPacket): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (connack.reasonCode !== 1) {
      this.finish({ kind: 'connackRefused', reasonCode: connack.reasonCode }, true);
      return;
    }
    // Spec §6: no serverVersion on a success CONNACK means a server whose newest version is 2.
    const serverVersion =
      connack.hasServerVersion && connack.serverVersion !== undefined ? connack.serverVersion : 2;
    const effectiveVersion = Math.min(this.options.handshake.version, serverVersion);
    let cipher: PayloadCipher;
    try {
      if (!this.privateKey) throw new Error('no key pair');
      cipher = cipherFromConnack(this.privateKey, connack);
    } catch (err) {
      this.finish(
        { kind: 'protocolError', detail: `key agreement failed: ${describe(err)}` },
        true,
      );
      return;
    }
    this.privateKey = undefined;
    this.version = effectiveVersion;
    this.phase = 'open';
    this.listener.onOpen({ connack, effectiveVersion, cipher });
  }

  private readonly onError = (err: Error): void => {
    this.onSocketGone(describe(err));
  };

  private readonly onClose = (): void => {
    this.onSocketGone(undefined);
  };

  private readonly onPeerEnd = (): void => {
    this.onSocketGone(PEER_CLOSED);
  };

  private onSocketGone(error: string | undefined): void {
    const phase = this.phase;
    if (phase === 'ended') return;
    this.finish(
      error === undefined ? { kind: 'closed', phase } : { kind: 'closed', phase, error },
      true,
    );
  }

  private finish(end: ConnectionEnd | null, notify: boolean, detail?: string): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.privateKey = undefined;
    const socket = this.socket;
    if (socket) {
      socket.off('data', this.onData);
      socket.off('end', this.onPeerEnd);
      socket.off('close', this.onClose);
      socket.off('connect', this.onConnect);
      socket.off('error', this.onError);
      // A late error from a destroyed socket must never become an uncaught exception.
      socket.on('error', NOOP);
      socket.destroy();
    }
    if (end && notify) {
      if (detail !== undefined && end.kind === 'connackRefused') this.endDetail = detail;
      this.listener.onEnd(end);
    }
  }

  /** Extra text for diagnostics about the last end (never contains the token). */
  endDetail: string | undefined;
}

function describe(err: unknown): string {
  if (isProtocolError(err)) return err.message;
  const tlsProblem = describeTlsError(err);
  if (tlsProblem) return tlsProblem;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
