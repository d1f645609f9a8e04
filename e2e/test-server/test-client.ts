/**
 * A minimal WuKongIM client built from the project's codec and crypto modules, for tests of the
 * test server (and anyone else who needs a second, scriptable client). Over TCP or WebSocket;
 * every packet received is kept in order, with its raw frame, for assertions.
 */
import net from 'node:net';
import { WebSocket } from 'ws';
import {
  FrameReader,
  PacketType,
  decodePacket,
  encodePacket,
  type ConnackPacket,
  type Packet,
  type RecvPacket,
  type SendPacket,
} from '../../src/main/im/protocol/index';
import {
  cipherFromConnack,
  generateKeyPair,
  openRecv,
  sealSend,
  type PayloadCipher,
  type SessionKeyPair,
} from '../../src/main/im/crypto/index';

export interface LoginOptions {
  uid: string;
  token: string;
  /** default 2 (PC) */
  deviceFlag?: number;
  /** default a fresh random id */
  deviceId?: string;
  /** default 5 */
  version?: number;
  /** override CONNECT.clientKey (default: our fresh public key) */
  clientKey?: string;
  clientTimestamp?: bigint;
}

export interface Received {
  packet: Packet;
  frame: Buffer;
}

export interface MessageDraft {
  channelId: string;
  channelType: number;
  payload: string | Buffer;
  clientSeq?: number;
  clientMsgNo?: string;
  setting?: number;
  redDot?: boolean;
  noPersist?: boolean;
}

type PacketOf<T extends Packet['type']> = Extract<Packet, { type: T }>;

let deviceCounter = 0;

export class TestClient {
  readonly received: Received[] = [];
  /** set after a successful CONNACK */
  cipher: PayloadCipher | null = null;
  connack: ConnackPacket | null = null;
  /** version used to decode and encode after CONNECT (own version, then the negotiated one) */
  version = 5;
  closed = false;
  /** inbound reads (TCP data events / WebSocket messages) */
  chunks = 0;
  /** socket error seen before the close, e.g. ECONNRESET */
  error: NodeJS.ErrnoException | null = null;
  decodeError: Error | null = null;
  readonly closedPromise: Promise<void>;
  private readonly reader = new FrameReader({ maxPacketSize: 64 * 1024 * 1024 });
  private waiters: Array<() => void> = [];
  private keyPair: SessionKeyPair | null = null;
  private clientSeq = 0;
  private markClosed!: () => void;

  private constructor(
    private readonly writeFn: (b: Buffer) => void,
    private readonly closeFn: (reset: boolean) => void,
  ) {
    this.closedPromise = new Promise((r) => {
      this.markClosed = r;
    });
  }

  static tcp(host: string, port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const client = new TestClient(
        (b) => {
          if (!socket.destroyed) socket.write(b);
        },
        (reset) => (reset ? socket.resetAndDestroy() : socket.destroy()),
      );
      socket.on('data', (d: Buffer) => client.onData(d));
      socket.on('close', () => client.onClose());
      socket.on('error', (e) => {
        client.error = e;
        if (!client.connected) reject(e);
      });
      socket.once('connect', () => {
        client.connected = true;
        resolve(client);
      });
    });
  }

  /** Address 'host:port' form. */
  static tcpAddress(address: string): Promise<TestClient> {
    const i = address.lastIndexOf(':');
    return TestClient.tcp(address.slice(0, i), Number(address.slice(i + 1)));
  }

  static ws(url: string): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const client = new TestClient(
        (b) => {
          if (ws.readyState === ws.OPEN) ws.send(b, { binary: true });
        },
        () => ws.terminate(),
      );
      ws.on('message', (d: Buffer) => client.onData(Buffer.from(d)));
      ws.on('close', () => client.onClose());
      ws.on('error', (e) => {
        if (!client.connected) reject(e);
      });
      ws.once('open', () => {
        client.connected = true;
        resolve(client);
      });
    });
  }

  private connected = false;

  writeRaw(bytes: Buffer): void {
    this.writeFn(bytes);
  }

  send(packet: Packet): Buffer {
    const bytes = encodePacket(packet, this.version);
    this.writeFn(bytes);
    return bytes;
  }

  /** Writes a CONNECT (does not wait). */
  sendConnect(o: LoginOptions): void {
    this.keyPair = generateKeyPair();
    this.version = o.version ?? 5;
    this.send({
      type: PacketType.CONNECT,
      version: this.version,
      deviceFlag: o.deviceFlag ?? 2,
      deviceId: o.deviceId ?? `test-device-${process.pid}-${++deviceCounter}`,
      uid: o.uid,
      token: o.token,
      clientTimestamp: o.clientTimestamp ?? BigInt(Date.now()),
      clientKey: o.clientKey ?? this.keyPair.publicKeyBase64,
    });
  }

  /** CONNECT, then wait for the CONNACK; on success the session cipher is ready. */
  async login(o: LoginOptions, timeoutMs = 3000): Promise<ConnackPacket> {
    this.sendConnect(o);
    const connack = await this.next(PacketType.CONNACK, timeoutMs);
    this.connack = connack;
    if (connack.reasonCode === 1) {
      this.cipher = cipherFromConnack(this.keyPair!.privateKey, connack);
    }
    return connack;
  }

  /** Seals (encrypts + msgKey) and writes a SEND; returns the packet as sent. */
  sendMessage(m: MessageDraft): SendPacket {
    const packet = this.sealMessage(m);
    this.send(packet);
    return packet;
  }

  /** A sealed SEND for this session, not written. */
  sealMessage(m: MessageDraft): SendPacket {
    if (!this.cipher) throw new Error('not logged in');
    const clientSeq = m.clientSeq ?? ++this.clientSeq;
    return sealSend(this.cipher, {
      flags: {
        dup: false,
        syncOnce: false,
        redDot: m.redDot ?? true,
        noPersist: m.noPersist ?? false,
      },
      setting: m.setting ?? 0,
      clientSeq,
      clientMsgNo: m.clientMsgNo ?? `msg-${process.pid}-${clientSeq}-${Date.now()}`,
      channelId: m.channelId,
      channelType: m.channelType,
      payload: typeof m.payload === 'string' ? Buffer.from(m.payload, 'utf8') : m.payload,
    });
  }

  /** Verifies and decrypts a RECV with this session's cipher. */
  open(recv: RecvPacket): string {
    if (!this.cipher) throw new Error('not logged in');
    return openRecv(this.cipher, recv).toString('utf8');
  }

  recvack(recv: RecvPacket): void {
    this.send({
      type: PacketType.RECVACK,
      flags: recv.flags ?? { dup: false, syncOnce: false, redDot: false, noPersist: false },
      messageId: recv.messageId,
      messageSeq: recv.messageSeq,
    });
  }

  /** PING and wait for the PONG: everything the server wrote before it has arrived. */
  async roundTrip(timeoutMs = 3000): Promise<void> {
    this.send({ type: PacketType.PING });
    await this.next(PacketType.PONG, timeoutMs);
  }

  /** Next not-yet-consumed packet of this type (older packets of other types stay available). */
  async next<T extends Packet['type']>(type: T, timeoutMs = 3000): Promise<PacketOf<T>> {
    const r = await this.nextReceived(type, timeoutMs);
    return r.packet as PacketOf<T>;
  }

  nextReceived(type: Packet['type'], timeoutMs = 3000): Promise<Received> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(`no packet of type ${type} within ${timeoutMs} ms (closed: ${this.closed})`),
        );
      }, timeoutMs);
      const check = (): void => {
        for (let i = 0; i < this.received.length; i++) {
          const r = this.received[i]!;
          if (r.packet.type === type && !this.taken.has(i)) {
            this.taken.add(i);
            clearTimeout(timer);
            this.waiters = this.waiters.filter((w) => w !== check);
            resolve(r);
            return;
          }
        }
        if (this.closed) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          reject(new Error(`connection closed while waiting for packet type ${type}`));
        }
      };
      this.waiters.push(check);
      check();
    });
  }

  private readonly taken = new Set<number>();

  /** Packets of a type received so far (consumed or not). */
  all<T extends Packet['type']>(type: T): Array<PacketOf<T>> {
    return this.received.filter((r) => r.packet.type === type).map((r) => r.packet as PacketOf<T>);
  }

  waitClosed(timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`connection still open after ${timeoutMs} ms`)),
        timeoutMs,
      );
      void this.closedPromise.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.closeFn(false);
  }

  reset(): void {
    this.closeFn(true);
  }

  private onData(chunk: Buffer): void {
    this.chunks++;
    try {
      for (const frame of this.reader.push(chunk)) {
        const copy = Buffer.from(frame);
        const packet = decodePacket(copy, this.version);
        // negotiate before decoding anything that follows the CONNACK in the same chunk (§6)
        if (packet.type === PacketType.CONNACK && packet.reasonCode === 1) {
          if (packet.serverVersion !== undefined) {
            this.version = Math.min(this.version, packet.serverVersion);
          }
        }
        this.received.push({ packet, frame: copy });
      }
    } catch (err) {
      this.decodeError = err instanceof Error ? err : new Error(String(err));
      this.closeFn(false);
    }
    for (const w of [...this.waiters]) w();
  }

  private onClose(): void {
    this.closed = true;
    this.markClosed();
    for (const w of [...this.waiters]) w();
  }
}
