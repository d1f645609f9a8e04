/**
 * What the test server knows and decides: registered tokens, bans, group members, the live
 * connections, and the meaning of every client packet (spec §10): authentication and its two
 * failure styles, the kick rules, SEND -> SENDACK -> RECV fan-out with per-connection
 * encryption, RECVACK, PING. Transport and listener concerns live elsewhere.
 */
import { EventEmitter } from 'node:events';
import crypto from 'node:crypto';
import {
  ChannelType,
  PacketType,
  ReasonCode,
  encodePacket,
  hasStreamBlock,
  type ConnectPacket,
  type HeaderFlags,
  type Packet,
  type RecvPacket,
  type SendPacket,
} from '../../src/main/im/protocol/index';
import { ChannelStore, storedMessage } from './channel-store';
import { ServerConnection, type ConnectionContext } from './connection';
import type { WriteFaults } from './outbound-writer';
import {
  CryptoFailure,
  PayloadCipher,
  generateServerKeyPair,
  randomSalt,
  sharedSecret,
} from './session-crypto';
import type { Transport } from './transport';
import type {
  AuthFailureStyle,
  MessageInput,
  OnlineConnection,
  TestServerOptions,
  TestServerStats,
} from './types';

export const VISITOR_SUFFIX = '___vstr';
export const KICK_REASON_OTHER_DEVICE = 'login in other device';
export const KICK_REASON_TOKEN = '账号在其他设备上登录';
export const KICK_REASON_SERVER = 'server kick';
/** Type 15 header + a 4-byte varint with the continuation bit: no decoder accepts it. */
export const GARBAGE = Buffer.from([0xf5, 0xff, 0xff, 0xff, 0xff, 0x13, 0x37]);

export interface ResolvedOptions {
  host: string;
  tcpPort: number;
  wsPort: number | null;
  httpPort: number;
  newestVersion: number;
  tokenAuth: boolean;
  authFailureStyle: AuthFailureStyle;
  encryption: boolean;
  kickCloseDelayMs: number;
  tokenKickCloseDelayMs: number;
  idle: { beforeConnectMs: number; duringAuthMs: number; afterAuthMs: number };
  recvRetryIntervalMs: number;
  recvRetryMax: number;
  maxPacketSize: number;
  nodeId: bigint;
  mergeWindowMs: number;
}

export function resolveOptions(o: TestServerOptions = {}): ResolvedOptions {
  const newest = o.newestVersion ?? 5;
  if (!Number.isInteger(newest) || newest < 1 || newest > 6) {
    throw new RangeError(`newestVersion must be 1..6, got ${newest}`);
  }
  return {
    host: o.host ?? '127.0.0.1',
    tcpPort: o.tcpPort ?? 0,
    wsPort: o.wsPort === undefined ? 0 : o.wsPort,
    httpPort: o.httpPort ?? 0,
    newestVersion: newest,
    tokenAuth: o.tokenAuth ?? true,
    authFailureStyle: o.authFailureStyle ?? 'close',
    encryption: o.encryption ?? true,
    kickCloseDelayMs: o.kickCloseDelayMs ?? 2000,
    tokenKickCloseDelayMs: o.tokenKickCloseDelayMs ?? 10_000,
    idle: {
      beforeConnectMs: o.idle?.beforeConnectMs ?? 2000,
      duringAuthMs: o.idle?.duringAuthMs ?? 4000,
      afterAuthMs: o.idle?.afterAuthMs ?? 180_000,
    },
    recvRetryIntervalMs: o.recvRetryIntervalMs ?? 60_000,
    recvRetryMax: o.recvRetryMax ?? 5,
    maxPacketSize: o.maxPacketSize ?? 1024 * 1024,
    nodeId: o.nodeId ?? 1001n,
    mergeWindowMs: o.mergeWindowMs ?? 10,
  };
}

export function newStats(): TestServerStats {
  return {
    tcpAccepted: 0,
    wsAccepted: 0,
    connectPackets: 0,
    connectsByUid: new Map(),
    connacks: 0,
    pings: 0,
    pongs: 0,
    sends: 0,
    recvs: 0,
    recvRetries: 0,
    recvAcks: 0,
    protocolErrors: 0,
  };
}

interface TokenEntry {
  token: string;
  level: 0 | 1;
}

const tokenKey = (uid: string, deviceFlag: number): string => `${uid}\u0000${deviceFlag}`;
const channelKey = (channelId: string, channelType: number): string =>
  `${channelType}\u0000${channelId}`;
const noFlags: HeaderFlags = { dup: false, syncOnce: false, redDot: false, noPersist: false };

/** A uid the v2 server accepts in CONNECT (§8.1). */
export function validUid(uid: string): boolean {
  return uid.length > 0 && !/[@#&]/.test(uid);
}

export class Hub {
  readonly events = new EventEmitter();
  readonly stats = newStats();
  readonly conns = new Map<number, ServerConnection>();
  readonly faultState = {
    ignorePings: false,
    ignoreConnect: false,
    connackDelayMs: 0,
    splitGapMs: null as number | null,
    merge: false,
    refuse: false,
  };

  private readonly tokens = new Map<string, TokenEntry>();
  private readonly banned = new Set<string>();
  private readonly members = new Map<string, Set<string>>();
  /** every persisted message and each user's recent conversations, for the sync endpoints */
  readonly store = new ChannelStore();
  private nextConnId = 1;
  private nextMessageId: bigint;
  private readonly ctx: ConnectionContext;

  constructor(readonly opts: ResolvedOptions) {
    // snowflake-like: milliseconds << 22, so ids are large, positive and increasing
    this.nextMessageId = BigInt(Date.now()) << 22n;
    this.events.setMaxListeners(100);
    this.ctx = {
      newestVersion: opts.newestVersion,
      maxPacketSize: opts.maxPacketSize,
      idle: opts.idle,
      recvRetryIntervalMs: opts.recvRetryIntervalMs,
      recvRetryMax: opts.recvRetryMax,
      writeFaults: (): WriteFaults => ({
        splitGapMs: this.faultState.splitGapMs,
        merge: this.faultState.merge,
        mergeWindowMs: opts.mergeWindowMs,
      }),
      onPacket: (conn, packet) => this.onPacket(conn, packet),
      onBadInput: (conn, err) => {
        this.stats.protocolErrors++;
        this.emitError(conn, err);
      },
      onClosed: (conn, why) => {
        this.conns.delete(conn.id);
        this.emit('close', { id: conn.id, uid: conn.uid, reason: why });
      },
      onRecvRetry: () => {
        this.stats.recvRetries++;
      },
    };
  }

  resetStats(): void {
    Object.assign(this.stats, newStats());
  }

  // ---- state set up by tests and the HTTP API ---------------------------------------------

  registerToken(uid: string, token: string, deviceFlag = 2, deviceLevel: 0 | 1 = 1): void {
    this.tokens.set(tokenKey(uid, deviceFlag), { token, level: deviceLevel });
  }

  clearToken(uid: string, deviceFlag: number): void {
    this.tokens.delete(tokenKey(uid, deviceFlag));
  }

  isBanned(uid: string): boolean {
    return this.banned.has(uid);
  }

  banUser(uid: string, banned: boolean): void {
    if (banned) this.banned.add(uid);
    else this.banned.delete(uid);
  }

  setMembers(channelId: string, channelType: number, uids: string[]): void {
    this.members.set(channelKey(channelId, channelType), new Set(uids));
  }

  addMembers(channelId: string, channelType: number, uids: string[], reset: boolean): void {
    const key = channelKey(channelId, channelType);
    const set = reset ? new Set<string>() : (this.members.get(key) ?? new Set<string>());
    for (const u of uids) set.add(u);
    this.members.set(key, set);
  }

  removeMembers(channelId: string, channelType: number, uids: string[]): void {
    const set = this.members.get(channelKey(channelId, channelType));
    if (set) for (const u of uids) set.delete(u);
  }

  // ---- connections ---------------------------------------------------------------------------

  accept(transport: Transport): ServerConnection | null {
    if (transport.kind === 'tcp') this.stats.tcpAccepted++;
    else this.stats.wsAccepted++;
    if (this.faultState.refuse) {
      transport.reset();
      return null;
    }
    const conn = new ServerConnection(this.nextConnId++, transport, this.ctx);
    this.conns.set(conn.id, conn);
    return conn;
  }

  online(uid?: string): OnlineConnection[] {
    const out: OnlineConnection[] = [];
    for (const c of this.conns.values()) {
      if (c.phase !== 'online' || c.kicked) continue;
      if (uid !== undefined && c.uid !== uid) continue;
      out.push({
        id: c.id,
        uid: c.uid,
        deviceFlag: c.deviceFlag,
        deviceId: c.deviceId,
        version: c.version,
        transport: c.transport.kind,
      });
    }
    return out;
  }

  /**
   * Kicks connections: DISCONNECT(12, reason) unless reason is null (silent), then closes them
   * after delayMs. They get no RECVs from now on.
   */
  kick(conns: ServerConnection[], reason: string | null, delayMs: number): number {
    for (const c of conns) {
      if (!c.open) continue;
      c.kicked = true;
      if (reason !== null)
        this.safeSend(c, { type: PacketType.DISCONNECT, reasonCode: 12, reason });
      c.later(delayMs, () => c.close(reason === null ? 'replaced by same device' : 'kicked'));
    }
    return conns.length;
  }

  /** Online connections of uid with deviceFlag (-1 = every flag). */
  connectionsOf(uid: string, deviceFlag: number): ServerConnection[] {
    return [...this.conns.values()].filter(
      (c) =>
        c.phase === 'online' &&
        !c.kicked &&
        c.uid === uid &&
        (deviceFlag === -1 || c.deviceFlag === deviceFlag),
    );
  }

  kickDevice(uid: string, deviceFlag: number, reason = ''): number {
    return this.kick(this.connectionsOf(uid, deviceFlag), reason, this.opts.kickCloseDelayMs);
  }

  closeAll(how: 'close' | 'reset' | 'kill', why: string): void {
    for (const c of [...this.conns.values()]) {
      if (how === 'close') c.close(why);
      else if (how === 'reset') c.reset(why);
      else c.kill(why);
    }
  }

  sendGarbage(): void {
    for (const c of this.conns.values()) c.writeRaw(GARBAGE);
  }

  // ---- packets -------------------------------------------------------------------------------

  private onPacket(conn: ServerConnection, packet: Packet): void {
    if (conn.phase === 'new') {
      if (packet.type !== PacketType.CONNECT) {
        throw new Error(`first packet must be CONNECT, got type ${packet.type}`);
      }
      this.onConnect(conn, packet);
      return;
    }
    if (conn.phase === 'auth') {
      // v2: anything but silence before the CONNACK closes the connection (§9, §10.2)
      throw new Error(`packet type ${packet.type} before authentication finished`);
    }
    switch (packet.type) {
      case PacketType.PING:
        this.stats.pings++;
        if (!this.faultState.ignorePings) {
          this.stats.pongs++;
          this.safeSend(conn, { type: PacketType.PONG });
        }
        return;
      case PacketType.SEND:
        this.onSend(conn, packet);
        return;
      case PacketType.RECVACK: {
        this.stats.recvAcks++;
        // a RECVACK flagged NoPersist does not clear retry state (§4.1)
        if (!packet.flags?.noPersist) conn.acknowledge(packet.messageId);
        this.emit('recvack', {
          id: conn.id,
          uid: conn.uid,
          messageId: packet.messageId,
          messageSeq: packet.messageSeq,
        });
        return;
      }
      case PacketType.DISCONNECT:
      case PacketType.SUB:
        // decoded and ignored by v2 servers (§8.8, §8.9)
        return;
      case PacketType.CONNECT:
        throw new Error('second CONNECT on an authenticated connection');
      default:
        throw new Error(`packet type ${packet.type} is not sent by clients`);
    }
  }

  private onConnect(conn: ServerConnection, p: ConnectPacket): void {
    this.stats.connectPackets++;
    this.stats.connectsByUid.set(p.uid, (this.stats.connectsByUid.get(p.uid) ?? 0) + 1);
    conn.uid = p.uid;
    conn.deviceFlag = p.deviceFlag;
    conn.deviceId = p.deviceId;
    conn.clientVersion = p.version;
    conn.setPhase('auth');
    if (this.faultState.ignoreConnect) return;
    if (!validUid(p.uid)) {
      // v2 closes the socket without a CONNACK (§8.1)
      this.authFailed(conn, ReasonCode.AUTH_FAIL, 'invalid uid', true);
      return;
    }
    const effective =
      p.version < 1 ? this.opts.newestVersion : Math.min(p.version, this.opts.newestVersion);

    let reason: number = ReasonCode.SUCCESS;
    let why = '';
    const entry = this.tokens.get(tokenKey(p.uid, p.deviceFlag));
    if (this.banned.has(p.uid)) {
      reason = ReasonCode.BAN;
      why = 'user banned';
    } else if (this.opts.tokenAuth && !p.uid.endsWith(VISITOR_SUFFIX)) {
      if (p.token === '' || entry === undefined || entry.token !== p.token) {
        reason = ReasonCode.AUTH_FAIL;
        why = entry === undefined ? 'no token registered' : 'token mismatch';
      }
    }
    let cipher = PayloadCipher.plaintext();
    let serverKey = '';
    let salt = '';
    if (reason === ReasonCode.SUCCESS && this.opts.encryption) {
      try {
        const pair = generateServerKeyPair();
        salt = randomSalt();
        cipher = PayloadCipher.fromShared(sharedSecret(pair.privateKey, p.clientKey), salt);
        serverKey = pair.publicKeyBase64;
      } catch (err) {
        if (!(err instanceof CryptoFailure)) throw err;
        reason = ReasonCode.CLIENT_KEY_IS_EMPTY;
        why = err.message;
      }
    }
    if (reason !== ReasonCode.SUCCESS) {
      this.authFailed(conn, reason, why, false);
      return;
    }

    const succeed = (): void => {
      conn.version = effective;
      conn.cipher = cipher;
      conn.deviceLevel = this.opts.tokenAuth && entry ? entry.level : 0;
      this.applyKickRules(conn);
      conn.setPhase('online');
      this.stats.connacks++;
      this.safeSend(conn, {
        type: PacketType.CONNACK,
        hasServerVersion: p.version > 3,
        serverVersion: effective,
        timeDiff: BigInt(Date.now()) - p.clientTimestamp,
        reasonCode: ReasonCode.SUCCESS,
        serverKey,
        salt,
        ...(effective >= 4 ? { nodeId: this.opts.nodeId } : {}),
      });
      this.emit('auth', { id: conn.id, uid: p.uid, ok: true, reasonCode: ReasonCode.SUCCESS });
      this.emit('connect', {
        id: conn.id,
        uid: p.uid,
        deviceId: p.deviceId,
        deviceFlag: p.deviceFlag,
        version: effective,
      });
    };
    if (this.faultState.connackDelayMs > 0) conn.later(this.faultState.connackDelayMs, succeed);
    else succeed();
  }

  private authFailed(conn: ServerConnection, reasonCode: number, why: string, hard: boolean): void {
    this.emit('auth', { id: conn.id, uid: conn.uid, ok: false, reasonCode, why });
    if (hard) {
      conn.close(why);
      return;
    }
    if (this.opts.authFailureStyle === 'connack') {
      // v1.x / v3 beta form: no serverVersion byte, no nodeId, empty key and salt (§8.2, §10.2)
      this.safeSend(conn, {
        type: PacketType.CONNACK,
        hasServerVersion: false,
        timeDiff: 0n,
        reasonCode,
        serverKey: '',
        salt: '',
      });
      conn.close(`auth failed (${reasonCode}): ${why}`);
    }
    // 'close' style (v2.x): say nothing; the auth idle limit closes the connection
  }

  /** Same uid + deviceFlag: the rules of §10.3. */
  private applyKickRules(conn: ServerConnection): void {
    const others = this.connectionsOf(conn.uid, conn.deviceFlag).filter((c) => c !== conn);
    const sameDevice = others.filter((c) => c.deviceId === conn.deviceId);
    const otherDevice = others.filter((c) => c.deviceId !== conn.deviceId);
    this.kick(sameDevice, null, this.opts.kickCloseDelayMs);
    if (conn.deviceLevel === 1) {
      this.kick(otherDevice, KICK_REASON_OTHER_DEVICE, this.opts.kickCloseDelayMs);
    }
  }

  private onSend(conn: ServerConnection, p: SendPacket): void {
    this.stats.sends++;
    const messageId = this.nextMessageId++;
    const flags = p.flags ?? noFlags;
    const ack = (reasonCode: number, messageSeq: bigint): void => {
      this.safeSend(conn, {
        type: PacketType.SENDACK,
        flags,
        messageId,
        clientSeq: p.clientSeq,
        messageSeq,
        reasonCode,
      });
      this.emit('send', {
        id: conn.id,
        uid: conn.uid,
        channelId: p.channelId,
        channelType: p.channelType,
        clientSeq: p.clientSeq,
        clientMsgNo: p.clientMsgNo,
        messageId,
        messageSeq,
        reasonCode,
      });
    };
    const cipher = conn.cipher ?? PayloadCipher.plaintext();
    let plaintext: Buffer;
    try {
      // with encryption off, SEND payloads are neither verified nor decrypted (§7.6)
      if (cipher.encrypted && cipher.sendMsgKey(p) !== p.msgKey) {
        throw new CryptoFailure('msgKey mismatch');
      }
      plaintext = cipher.dec(p.payload);
    } catch (err) {
      if (!(err instanceof CryptoFailure)) throw err;
      ack(ReasonCode.PAYLOAD_DECODE_ERROR, 0n);
      return;
    }
    if (
      p.channelType !== ChannelType.PERSON &&
      !this.isMember(p.channelId, p.channelType, conn.uid)
    ) {
      ack(ReasonCode.SUBSCRIBER_NOT_EXIST, 0n);
      return;
    }
    const messageSeq = this.nextSeq(conn.uid, p.channelId, p.channelType);
    ack(ReasonCode.SUCCESS, messageSeq);
    this.fanOut(
      {
        fromUid: conn.uid,
        channelId: p.channelId,
        channelType: p.channelType,
        setting: p.setting,
        expire: p.expire,
        clientMsgNo: p.clientMsgNo,
        topic: p.topic,
        streamNo: p.streamNo,
        flags,
        plaintext,
        messageId,
        messageSeq,
      },
      conn,
    );
  }

  /** Pushes a message into a channel as a business server would (HTTP /message/send). */
  sendMessage(m: MessageInput): { messageId: bigint; messageSeq: bigint; clientMsgNo: string } {
    const messageId = this.nextMessageId++;
    const messageSeq = this.nextSeq(m.fromUid, m.channelId, m.channelType);
    const clientMsgNo = m.clientMsgNo ?? crypto.randomUUID().replace(/-/g, '') + 'S';
    this.fanOut(
      {
        fromUid: m.fromUid,
        channelId: m.channelId,
        channelType: m.channelType,
        setting: 0,
        expire: 0,
        clientMsgNo,
        flags: {
          dup: false,
          redDot: m.redDot ?? true,
          syncOnce: m.syncOnce ?? false,
          noPersist: m.noPersist ?? false,
        },
        plaintext: Buffer.isBuffer(m.payload) ? m.payload : Buffer.from(m.payload, 'utf8'),
        messageId,
        messageSeq,
      },
      null,
    );
    return { messageId, messageSeq, clientMsgNo };
  }

  private isMember(channelId: string, channelType: number, uid: string): boolean {
    return this.members.get(channelKey(channelId, channelType))?.has(uid) ?? false;
  }

  private nextSeq(fromUid: string, channelId: string, channelType: number): bigint {
    return BigInt(this.store.nextSeq(fromUid, channelId, channelType));
  }

  /** RECV to every other online connection of the channel's members (§10.5). */
  private fanOut(
    m: {
      fromUid: string;
      channelId: string;
      channelType: number;
      setting: number;
      expire: number;
      clientMsgNo: string;
      topic?: string | undefined;
      streamNo?: string | undefined;
      flags: HeaderFlags;
      plaintext: Buffer;
      messageId: bigint;
      messageSeq: bigint;
    },
    sender: ServerConnection | null,
  ): void {
    const person = m.channelType === ChannelType.PERSON;
    const uids = person
      ? new Set([m.fromUid, m.channelId])
      : (this.members.get(channelKey(m.channelId, m.channelType)) ?? new Set<string>());
    const timestamp = Math.floor(Date.now() / 1000);
    if (!m.flags.noPersist) this.store.append(storedMessage(m, timestamp), uids);
    for (const conn of [...this.conns.values()]) {
      if (conn === sender || conn.phase !== 'online' || conn.kicked || !uids.has(conn.uid)) {
        continue;
      }
      const own = conn.uid === m.fromUid;
      // person channel: the receiver sees the sender, the sender's other devices the receiver
      const channelId = person && !own ? m.fromUid : m.channelId;
      const cipher = conn.cipher ?? PayloadCipher.plaintext();
      const payload = cipher.enc(m.plaintext);
      const recv: RecvPacket = {
        type: PacketType.RECV,
        flags: { ...m.flags, dup: false, redDot: m.flags.redDot && !own },
        setting: m.setting,
        msgKey: '',
        fromUid: m.fromUid,
        channelId,
        channelType: m.channelType,
        expire: m.expire,
        clientMsgNo: m.clientMsgNo,
        messageId: m.messageId,
        messageSeq: m.messageSeq,
        timestamp,
        payload,
      };
      if (m.topic !== undefined) recv.topic = m.topic;
      if (hasStreamBlock(conn.version, m.setting)) {
        recv.stream = { streamNo: m.streamNo ?? '', streamFlag: 0, streamSeq: 0, streamId: 0n };
      }
      recv.msgKey = cipher.recvMsgKey(recv);
      const bytes = this.safeEncode(conn, recv);
      if (!bytes) continue;
      this.stats.recvs++;
      conn.deliverRecv(bytes, m.messageId, m.flags.noPersist);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private safeEncode(conn: ServerConnection, packet: Packet): Buffer | null {
    try {
      // encode without writing, so deliverRecv keeps the exact bytes for redelivery
      return encodeFor(conn, packet, this.opts);
    } catch (err) {
      this.emitError(conn, err instanceof Error ? err : new Error(String(err)));
      return null;
    }
  }

  private safeSend(conn: ServerConnection, packet: Packet): void {
    try {
      conn.send(packet);
    } catch (err) {
      this.emitError(conn, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private emit(event: string, payload: unknown): void {
    try {
      this.events.emit(event, payload);
    } catch {
      // a throwing listener belongs to a test; it must not break the server
    }
  }

  private emitError(conn: ServerConnection, error: Error): void {
    // 'error' without a listener would throw from EventEmitter and crash the process
    if (this.events.listenerCount('error') > 0) this.emit('error', { id: conn.id, error });
  }
}

function encodeFor(conn: ServerConnection, packet: Packet, opts: ResolvedOptions): Buffer {
  return encodePacket(packet, conn.version || opts.newestVersion, {
    maxPacketSize: opts.maxPacketSize,
  });
}
