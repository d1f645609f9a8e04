/**
 * In-memory transport for the state-machine tests: a socket double that behaves like net.Socket
 * where the manager looks, and a tiny WuKongIM server behind it built on the real codec and
 * crypto. Delivery is by microtask, so it works under fake timers; server timers use the global
 * setTimeout, which the tests fake. Test code only: never imported by production code.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { acceptClientKey, type PayloadCipher } from '../../crypto';
import {
  decodePacket,
  encodePacket,
  FrameReader,
  PacketType,
  type ConnectPacket,
  type Packet,
} from '../../protocol';
import type { ServerEndpoint, SocketFactory } from '../types';
import { sealRecv, openSend } from '../../crypto/testing/server-seal';

export class MemorySocket extends EventEmitter {
  destroyed = false;
  connecting = true;
  keepAlive = false;
  noDelay = false;
  /** every write() of the client, in order (to check that CONNECT is written alone) */
  readonly writes: Buffer[] = [];
  peer: ServerConn | null = null;

  constructor(readonly endpoint: ServerEndpoint) {
    super();
  }

  setKeepAlive(on: boolean): this {
    this.keepAlive = on;
    return this;
  }
  setNoDelay(on: boolean): this {
    this.noDelay = on;
    return this;
  }

  write(data: Buffer): boolean {
    if (this.destroyed) return false;
    const copy = Buffer.from(data);
    this.writes.push(copy);
    const peer = this.peer;
    queueMicrotask(() => peer?.receive(copy));
    return true;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    const peer = this.peer;
    this.peer = null;
    queueMicrotask(() => {
      peer?.onClientGone();
      this.emit('close', false);
    });
    return this;
  }

  private remoteEnded = false;

  /** Server side closes (FIN): bytes sent before still arrive, then 'end' and 'close'. */
  remoteEnd(): void {
    if (this.destroyed || this.remoteEnded) return;
    this.remoteEnded = true;
    this.peer = null;
    queueMicrotask(() => {
      if (this.destroyed) return;
      this.emit('end');
      this.destroyed = true;
      this.emit('close', false);
    });
  }

  /** Server side pushes bytes. */
  remoteData(bytes: Buffer): void {
    if (this.destroyed || this.remoteEnded) return;
    queueMicrotask(() => {
      if (!this.destroyed) this.emit('data', bytes);
    });
  }
}

export interface MemoryUser {
  uid: string;
  token: string;
}

export interface MemoryServerOptions {
  newestVersion?: number;
  /** 'connack': CONNACK 2 on a bad token; 'close': v2.x style, close without CONNACK after authIdleMs */
  authFailureStyle?: 'connack' | 'close';
  authIdleMs?: number;
  /** null = any token accepted */
  users?: MemoryUser[] | null;
  banned?: string[];
  /** delay before DISCONNECT is followed by the close */
  kickCloseDelayMs?: number;
}

export class ServerConn {
  readonly reader = new FrameReader();
  version = 5;
  connect: ConnectPacket | null = null;
  cipher: PayloadCipher | null = null;
  authed = false;
  closed = false;
  readonly received: Packet[] = [];
  private authTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly server: MemoryServer,
    readonly socket: MemorySocket,
  ) {}

  receive(bytes: Buffer): void {
    if (this.closed) return;
    let frames: Buffer[];
    try {
      frames = this.reader.push(bytes);
    } catch {
      this.close();
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      let packet: Packet;
      try {
        packet = decodePacket(frame, this.version);
      } catch {
        this.close();
        return;
      }
      this.received.push(packet);
      this.server.onPacket(this, packet);
    }
  }

  send(packet: Packet): void {
    if (!this.closed) this.socket.remoteData(encodePacket(packet, this.version));
  }

  raw(bytes: Buffer): void {
    if (!this.closed) this.socket.remoteData(bytes);
  }

  armAuthClose(ms: number): void {
    this.authTimer = setTimeout(() => this.close(), ms);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.authTimer);
    this.server.conns.delete(this);
    this.socket.remoteEnd();
  }

  onClientGone(): void {
    this.closed = true;
    clearTimeout(this.authTimer);
    this.server.conns.delete(this);
  }
}

/** A WuKongIM-like server in memory, with the fault switches the tests need. */
export class MemoryServer {
  readonly conns = new Set<ServerConn>();
  listening = true;
  /** accept TCP but never answer anything */
  ignoreConnect = false;
  ignorePings = false;
  /** TCP connect never completes (a blackholed SYN) */
  blackholeTcp = false;
  connectPackets: ConnectPacket[] = [];
  opts: Required<Omit<MemoryServerOptions, 'users'>> & { users: MemoryUser[] | null };
  private nextMessageId = 1000n;
  private timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(options: MemoryServerOptions = {}) {
    this.opts = {
      newestVersion: options.newestVersion ?? 5,
      authFailureStyle: options.authFailureStyle ?? 'connack',
      authIdleMs: options.authIdleMs ?? 4_000,
      users: options.users ?? null,
      banned: options.banned ?? [],
      kickCloseDelayMs: options.kickCloseDelayMs ?? 2_000,
    };
  }

  /** TCP connects wait until releaseTcp() (a slow SYN-ACK) */
  holdTcp = false;
  private readonly heldTcp: MemorySocket[] = [];
  /** CONNECTs wait for their answer until releaseConnect() (a slow server) */
  holdConnect = false;
  private readonly heldConnect: Array<{ conn: ServerConn; packet: ConnectPacket }> = [];

  /** TCP connects and CONNECTs waiting for a release. */
  get held(): number {
    return this.heldTcp.length + this.heldConnect.length;
  }

  /** Completes every held TCP connect whose socket is still open. */
  releaseTcp(): void {
    for (const socket of this.heldTcp.splice(0)) if (!socket.destroyed) this.completeAccept(socket);
  }

  /** Answers every held CONNECT whose connection is still open. */
  releaseConnect(): void {
    for (const { conn, packet } of this.heldConnect.splice(0)) {
      if (!conn.closed) this.authenticate(conn, packet);
    }
  }

  accept(socket: MemorySocket): void {
    if (this.blackholeTcp) return;
    if (this.holdTcp) {
      this.heldTcp.push(socket);
      return;
    }
    this.completeAccept(socket);
  }

  private completeAccept(socket: MemorySocket): void {
    if (!this.listening) {
      queueMicrotask(() => {
        if (socket.destroyed) return;
        socket.destroyed = true;
        const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        socket.emit('error', err);
        socket.emit('close', true);
      });
      return;
    }
    const conn = new ServerConn(this, socket);
    socket.peer = conn;
    this.conns.add(conn);
    queueMicrotask(() => {
      if (socket.destroyed) return;
      socket.connecting = false;
      socket.emit('connect');
    });
  }

  onPacket(conn: ServerConn, packet: Packet): void {
    if (!conn.authed) {
      if (packet.type !== PacketType.CONNECT) return conn.close();
      this.connectPackets.push(packet);
      conn.connect = packet;
      if (this.ignoreConnect) return;
      if (this.holdConnect) {
        this.heldConnect.push({ conn, packet });
        return;
      }
      this.authenticate(conn, packet);
      return;
    }
    switch (packet.type) {
      case PacketType.PING:
        if (!this.ignorePings) conn.send({ type: PacketType.PONG });
        return;
      case PacketType.SEND: {
        let code = 1;
        try {
          if (conn.cipher) openSend(conn.cipher, packet);
        } catch {
          code = 9;
        }
        this.nextMessageId += 1n;
        conn.send({
          type: PacketType.SENDACK,
          flags: packet.flags,
          messageId: this.nextMessageId,
          clientSeq: packet.clientSeq,
          messageSeq: 1n,
          reasonCode: code,
        });
        return;
      }
      default:
        return;
    }
  }

  private authenticate(conn: ServerConn, packet: ConnectPacket): void {
    const users = this.opts.users;
    const banned = this.opts.banned.includes(packet.uid);
    const ok =
      users === null || users.some((u) => u.uid === packet.uid && u.token === packet.token);
    const effective = Math.min(packet.version, this.opts.newestVersion);
    const hasServerVersion = packet.version > 3;
    if (!ok || banned) {
      if (this.opts.authFailureStyle === 'close' && !banned) {
        conn.armAuthClose(this.opts.authIdleMs);
        return;
      }
      conn.version = effective;
      conn.send({
        type: PacketType.CONNACK,
        hasServerVersion: false,
        timeDiff: 0n,
        reasonCode: banned ? 19 : 2,
        serverKey: '',
        salt: '',
      });
      this.later(() => conn.close(), 100);
      return;
    }
    // Same uid and device id: the older connection is closed without DISCONNECT (spec §10.3).
    for (const other of this.conns) {
      if (
        other !== conn &&
        other.authed &&
        other.connect?.uid === packet.uid &&
        other.connect.deviceId === packet.deviceId
      ) {
        this.later(() => other.close(), 2_000);
      }
    }
    const session = acceptClientKey(packet.clientKey);
    conn.cipher = session.cipher;
    conn.version = effective;
    conn.authed = true;
    conn.send({
      type: PacketType.CONNACK,
      hasServerVersion,
      ...(hasServerVersion ? { serverVersion: effective } : {}),
      timeDiff: 0n,
      reasonCode: 1,
      serverKey: session.serverKey,
      salt: session.salt,
      nodeId: 1_234_567_890_123_456_789n,
    });
  }

  online(uid: string): ServerConn[] {
    return [...this.conns].filter((c) => c.authed && c.connect?.uid === uid);
  }

  kick(uid: string, text = 'login in other device'): void {
    for (const c of this.online(uid)) {
      c.send({ type: PacketType.DISCONNECT, reasonCode: 12, reason: text });
      this.later(() => c.close(), this.opts.kickCloseDelayMs);
    }
  }

  /** Pushes a RECV to every session of uid; `corrupt` breaks its msgKey. */
  deliver(uid: string, text: string, opts: { corrupt?: boolean; messageId?: bigint } = {}): bigint {
    const messageId = opts.messageId ?? (this.nextMessageId += 1n);
    for (const c of this.online(uid)) {
      if (!c.cipher) continue;
      const recv = sealRecv(c.cipher, {
        flags: { dup: false, syncOnce: false, redDot: true, noPersist: false },
        setting: 0,
        fromUid: 'peer',
        channelId: 'peer',
        channelType: 1,
        clientMsgNo: 'c0ffee00c0ffee00c0ffee00c0ffee00',
        messageId,
        messageSeq: 7n,
        timestamp: 1_700_000_000,
        payload: Buffer.from(text),
      });
      if (opts.corrupt) recv.msgKey = '0'.repeat(32);
      c.send(recv);
    }
    return messageId;
  }

  /** Closes every connection (a crash); with `down`, refuses new ones until startListening(). */
  restart(down = false): void {
    for (const c of [...this.conns]) c.close();
    if (down) this.listening = false;
  }

  startListening(): void {
    this.listening = true;
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of [...this.conns]) c.close();
  }
}

/** Wraps socket creation: counts sockets and which of them are still live (not destroyed). */
export class SocketTracker {
  readonly sockets: MemorySocket[] = [];
  maxLive = 0;

  constructor(private readonly server: MemoryServer) {}

  readonly factory: SocketFactory = (endpoint) => {
    const socket = new MemorySocket(endpoint);
    this.sockets.push(socket);
    this.server.accept(socket);
    this.maxLive = Math.max(this.maxLive, this.live);
    // The manager only uses the net.Socket surface MemorySocket implements.
    return socket as unknown as Socket;
  };

  get live(): number {
    let n = 0;
    for (const s of this.sockets) if (!s.destroyed) n += 1;
    return n;
  }

  get last(): MemorySocket | undefined {
    return this.sockets.at(-1);
  }
}
