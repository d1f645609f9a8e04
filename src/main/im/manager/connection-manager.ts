import { EventEmitter } from 'node:events';
import type {
  ConnectionReason,
  ConnectionSnapshot,
  ConnectionStatus,
  DiagnosticsEntry,
} from '../../../shared/connection';
import type { AddressResolver } from '../address/address-resolver';
import { formatEndpoint } from '../address/parse-address';
import { backoffDelay } from '../connection/backoff';
import { Connection, type ConnectionEnd, type OpenInfo } from '../connection/connection';
import { sealSend, type PayloadCipher } from '../crypto';
import { PacketType, type Packet, type RecvPacket, type SendackPacket } from '../protocol/packets';
import { AttemptCounter } from './attempt-counter';
import { AuthFailurePolicy } from './auth-failure-policy';
import { classifyEnd } from './classify-end';
import { describeError } from './describe-error';
import { Heartbeat } from './heartbeat';
import { createManagerResolver } from './manager-resolver';
import { NotConnectedError, PendingSends } from './pending-sends';
import { PhaseTimer, PhaseTimeout } from './phase-timer';
import { handleRecv } from './recv-handler';
import { SnapshotTracker, type SnapshotState } from './snapshot-tracker';
import { mergeTunable, newClientMsgNo, resolveOptions, type ResolvedOptions } from './options';
import type {
  ConnectInfo,
  ConnectionManagerApi,
  ConnectionManagerEvents,
  ConnectionManagerOptions,
  SendRequest,
  SendResult,
  ServerEndpoint,
  StopReason,
  TunableOptions,
} from './types';

export { NotConnectedError };

/**
 * Owns one WuKongIM TCP connection and keeps it right (rules in ../README.md).
 *
 * Every socket belongs to an epoch; anything from an older epoch is ignored. Timers are few and
 * all cleared on every transition, so an idle or stopped manager costs nothing.
 *
 * This class is the state machine; the parts it composes each do one job: SnapshotTracker (the
 * snapshot and diagnostics), AttemptCounter (the backoff/budget count), AuthFailurePolicy,
 * PhaseTimer (preparation timeouts), Heartbeat, PendingSends (SEND -> SENDACK), handleRecv
 * (RECV -> RECVACK) and classifyEnd (what a closed connection means).
 */
export class ConnectionManager extends EventEmitter implements ConnectionManagerApi {
  private opts: ResolvedOptions;
  private resolver: AddressResolver;
  private readonly tracker: SnapshotTracker;
  /** the tracker's working copy of the snapshot, edited by every transition */
  private readonly state: SnapshotState;

  /** connect() was called and nothing terminal happened since */
  private wanted = false;
  /** disconnect(false) / autoReconnect off: wait for a trigger instead of a timer */
  private held = false;
  private suspended = false;

  private epoch = 0;
  private conn: Connection | null = null;
  private endpoint: ServerEndpoint | null = null;
  private cipher: PayloadCipher | null = null;

  private retryTimer: unknown = undefined;
  /** bounds the current preparation step (connect info, address, token refresh) */
  private readonly prep = new PhaseTimer(() => this.opts.clock);
  private readonly heartbeat = new Heartbeat({
    settings: () => this.opts,
    isConnected: () => this.conn !== null && this.state.status === 'connected',
    onSleepDetected: (lateMs) => this.onSleepDetected(lateMs),
    onDeadLink: (pongTimeoutMs) =>
      this.failed('heartbeatTimeout', { detail: `no packet within ${pongTimeoutMs} ms of PING` }),
  });

  private readonly attempts = new AttemptCounter();
  private readonly auth = new AuthFailurePolicy();

  private readonly pending = new PendingSends();

  constructor(options: ConnectionManagerOptions) {
    super();
    this.opts = resolveOptions(options);
    this.resolver = createManagerResolver(this.opts);
    this.tracker = new SnapshotTracker(
      {
        now: () => this.opts.clock.now(),
        counters: () => ({
          failedAttempts: this.attempts.failures,
          maxAttempts: this.opts.maxReconnectAttempts,
        }),
        emit: (snapshot) => this.safeEmit('snapshot', snapshot),
      },
      this.opts.maxReconnectAttempts,
    );
    this.state = this.tracker.state;
  }

  // ---------------------------------------------------------------- public API

  get isConnected(): boolean {
    return this.state.status === 'connected';
  }

  snapshot(): ConnectionSnapshot {
    return this.tracker.snapshot();
  }

  diagnostics(): DiagnosticsEntry[] {
    return this.tracker.log.list();
  }

  connect(): void {
    const { status } = this.state;
    if (status === 'connecting' || status === 'connected') return;
    if (!this.wanted) {
      // A user action: fresh budgets for attempts and auth, kick latch released.
      this.wanted = true;
      this.attempts.reset();
      this.auth.reset();
      this.state.serverReasonCode = null;
      this.state.serverReasonText = null;
    }
    this.held = false;
    this.suspended = false;
    this.tracker.note('connect');
    this.tryNow();
  }

  disconnect(logout: boolean, reason: StopReason = 'logout'): void {
    this.teardown();
    if (logout) {
      this.wanted = false;
      this.attempts.reset();
      this.auth.forget();
      this.tracker.set('disconnected', reason);
    } else {
      this.held = true;
      // A latched terminal status (kick, auth failure) is not overwritten by a plain disconnect.
      if (this.wanted) this.tracker.set('disconnected', 'userDisconnect');
    }
    this.tracker.commit(logout ? reason : 'disconnect');
  }

  retryNow(): void {
    if (this.state.status === 'connecting' || this.state.status === 'connected') return;
    if (!this.wanted) {
      // Only an exhausted attempt budget may be restarted from here; kicks and auth need connect().
      if (this.state.reason !== 'maxAttemptsReached') return;
      this.wanted = true;
      this.attempts.reset();
    }
    this.held = false;
    this.tracker.note('retryNow');
    this.tryNow();
  }

  setNetworkOnline(online: boolean): void {
    if (online === this.state.networkOnline) return;
    this.state.networkOnline = online;
    if (!online) {
      this.teardown();
      if (this.wanted) this.tracker.set('disconnected', 'noNetwork');
      this.tracker.commit('networkOffline');
      return;
    }
    this.tracker.commit('networkOnline');
    this.attempts.reset();
    this.held = false;
    this.tryNow();
  }

  suspend(): void {
    this.suspended = true;
    this.teardown();
    if (this.wanted) this.tracker.set('disconnected', 'suspended');
    this.tracker.commit('suspend');
  }

  resume(): void {
    this.wake('resume');
  }

  screenUnlocked(): void {
    this.wake('screenUnlocked');
  }

  /**
   * A SEND got no SENDACK in time on a link that looks up (messaging's sender says so): the link
   * is treated as dead like a missed PONG, so pending SENDs reject and the manager reconnects.
   */
  dropStalled(detail: string): void {
    if (this.state.status !== 'connected') return;
    this.failed('heartbeatTimeout', { detail });
  }

  send(request: SendRequest): Promise<SendResult> {
    const conn = this.conn;
    const cipher = this.cipher;
    if (!conn || !cipher || this.state.status !== 'connected') {
      return Promise.reject(new NotConnectedError('not connected'));
    }
    if (!Buffer.isBuffer(request.payload))
      return Promise.reject(new TypeError('payload must be a Buffer'));
    const clientSeq = this.pending.nextSeq();
    const clientMsgNo = request.clientMsgNo ?? newClientMsgNo();
    return new Promise<SendResult>((resolve, reject) => {
      try {
        const packet = sealSend(cipher, {
          clientSeq,
          clientMsgNo,
          channelId: request.channelId,
          channelType: request.channelType,
          payload: request.payload,
          setting: 0,
          // Header byte 0x32 like the SDKs (RedDot), DUP when re-sending.
          flags: { dup: request.dup === true, syncOnce: false, redDot: true, noPersist: false },
        });
        this.pending.add(clientSeq, { clientMsgNo, resolve, reject });
        if (!conn.write(packet)) throw new NotConnectedError('not connected');
      } catch (err) {
        this.pending.remove(clientSeq);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  updateOptions(options: Partial<TunableOptions>): void {
    const addressChanged = options.address !== undefined && options.address !== this.opts.address;
    this.opts = mergeTunable(this.opts, options);
    if (addressChanged) {
      this.resolver.cancel();
      this.resolver = createManagerResolver(this.opts);
    }
    this.state.maxAttempts = this.opts.maxReconnectAttempts;
    this.tracker.commit('optionsUpdated');
  }

  override on<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }

  override off<E extends keyof ConnectionManagerEvents>(
    event: E,
    listener: (...args: ConnectionManagerEvents[E]) => void,
  ): this {
    return super.off(event, listener as (...args: unknown[]) => void);
  }

  /** Timers and sockets this manager holds right now (for leak tests and the benchmark). */
  get liveResources(): { timers: number; socket: boolean } {
    const timers =
      (this.retryTimer === undefined ? 0 : 1) + (this.prep.active ? 1 : 0) + this.heartbeat.timers;
    return { timers, socket: this.conn !== null };
  }

  // ---------------------------------------------------------------- attempts

  private get canAttempt(): boolean {
    return this.wanted && !this.held && !this.suspended && this.state.networkOnline;
  }

  /** Starts an attempt now if allowed, cancelling any backoff wait. */
  private tryNow(): void {
    if (!this.canAttempt) {
      if (this.wanted && !this.state.networkOnline) {
        this.tracker.set('disconnected', 'noNetwork');
        this.tracker.commit('waitingForNetwork');
      }
      return;
    }
    if (this.conn || this.state.status === 'connecting') return;
    this.cancelRetry();
    void this.attempt();
  }

  /** One connection attempt: credentials, address, then the socket; a newer epoch cancels it. */
  private async attempt(): Promise<void> {
    const epoch = ++this.epoch;
    this.state.nextRetryAt = null;
    this.tracker.set('connecting', 'none');
    this.tracker.commit('attempt');
    const info = await this.credentials(epoch);
    if (!info) return;
    const endpoint = await this.address(epoch, info.uid);
    if (!endpoint) return;
    this.openConnection(epoch, info, endpoint);
  }

  /** The uid and token to sign in with, or null when this attempt ended (or was superseded). */
  private async credentials(epoch: number): Promise<ConnectInfo | null> {
    const { opts } = this;
    let info: ConnectInfo;
    try {
      info = await this.prep.run(opts.connectInfo(), opts.connectTimeoutMs, 'connect info');
    } catch (err) {
      if (epoch !== this.epoch) return null;
      if (err instanceof PhaseTimeout) {
        this.failed('connectTimeout', { detail: err.message });
        return null;
      }
      // No credentials at all: nothing to retry until the user signs in again.
      this.stop('connectFail', 'authFail', { detail: `connectInfo failed: ${describeError(err)}` });
      return null;
    }
    if (epoch !== this.epoch) return null;
    if (
      !info ||
      typeof info.uid !== 'string' ||
      info.uid === '' ||
      typeof info.token !== 'string'
    ) {
      this.stop('connectFail', 'authFail', { detail: 'connectInfo returned no uid/token' });
      return null;
    }
    const token = this.auth.tokenFor(info.token);
    this.tracker.log.addSecret(token);
    return { uid: info.uid, token };
  }

  /** The server to connect to (static, or from the route API), or null when this attempt ended. */
  private async address(epoch: number, uid: string): Promise<ServerEndpoint | null> {
    let endpoint: ServerEndpoint;
    try {
      endpoint = await this.prep.run(
        this.resolver.resolve(uid),
        this.opts.addressTimeoutMs,
        'address lookup',
      );
    } catch (err) {
      if (epoch !== this.epoch) return null;
      this.failed('addressUnavailable', { detail: describeError(err) });
      return null;
    }
    if (epoch !== this.epoch) return null;
    this.endpoint = endpoint;
    this.state.address = formatEndpoint(endpoint);
    this.tracker.commit('addressResolved');
    return endpoint;
  }

  /** Opens the socket; its events count only while it is this epoch's connection. */
  private openConnection(epoch: number, info: ConnectInfo, endpoint: ServerEndpoint): void {
    const { opts } = this;
    const conn = new Connection(
      {
        endpoint,
        handshake: {
          version: opts.protocolVersion,
          deviceFlag: opts.deviceFlag,
          deviceId: opts.deviceId,
          uid: info.uid,
          token: info.token,
        },
        socketFactory: opts.socketFactory,
        clock: opts.clock,
        connectTimeoutMs: opts.connectTimeoutMs,
      },
      {
        onOpen: (openInfo) => {
          if (epoch === this.epoch && this.conn === conn) this.onOpen(openInfo, conn);
        },
        onPacket: (packet) => {
          if (epoch === this.epoch && this.conn === conn) this.onPacket(packet);
        },
        onEnd: (end) => {
          if (epoch === this.epoch && this.conn === conn) this.onEnd(end, conn);
        },
      },
    );
    this.conn = conn;
    conn.start();
  }

  private onOpen(info: OpenInfo, conn: Connection): void {
    const { connack } = info;
    this.cipher = info.cipher;
    this.attempts.connected(this.opts.clock.now());
    this.auth.reset();
    if (this.endpoint) this.resolver.reportSuccess(this.endpoint);
    this.state.protocolVersion = info.effectiveVersion;
    this.state.nodeId = connack.nodeId === undefined ? null : connack.nodeId.toString();
    this.state.serverReasonCode = connack.reasonCode;
    this.state.serverReasonText = null;
    this.tracker.set('connected', 'connectSuccess');
    this.tracker.commit('connected', `timeDiff=${connack.timeDiff}`);
    this.heartbeat.start(conn);
  }

  private onPacket(packet: Packet): void {
    // Any inbound packet proves the link is alive.
    this.heartbeat.packetReceived();
    switch (packet.type) {
      case PacketType.PONG: {
        const rtt = this.heartbeat.pongReceived();
        if (rtt !== null) {
          this.state.lastRttMs = rtt;
          this.tracker.commit('pong', undefined, { rttMs: rtt, silent: true });
        }
        return;
      }
      case PacketType.SENDACK:
        this.onSendack(packet);
        return;
      case PacketType.RECV:
        void this.onRecv(packet);
        return;
      default:
        return;
    }
  }

  private onSendack(ack: SendackPacket): void {
    const pending = this.pending.take(ack.clientSeq);
    if (!pending) {
      this.tracker.note('sendackUnknown', `clientSeq=${ack.clientSeq}`);
      return;
    }
    const result: SendResult = {
      clientMsgNo: pending.clientMsgNo,
      clientSeq: ack.clientSeq,
      messageId: ack.messageId,
      messageSeq: ack.messageSeq,
      reasonCode: ack.reasonCode,
    };
    this.safeEmit('sendAck', result);
    pending.resolve(result);
  }

  private onRecv(recv: RecvPacket): Promise<void> {
    const conn = this.conn;
    const cipher = this.cipher;
    if (!conn || !cipher) return Promise.resolve();
    return handleRecv(recv, {
      cipher,
      link: conn,
      deliver: (message) => this.safeEmit('message', message),
      persist: this.opts.onMessage,
      isCurrent: () => this.conn === conn,
      note: (event, detail) => this.tracker.note(event, detail),
    });
  }

  private onEnd(end: ConnectionEnd, conn: Connection): void {
    this.detach();
    const outcome = classifyEnd(end, conn.endDetail, {
      sinceConnectMs:
        conn.connectWrittenAt === null ? null : this.opts.clock.now() - conn.connectWrittenAt,
      authCloseMinMs: this.opts.authCloseMinMs,
    });
    if (outcome.addressFailed) this.reportAddressFailure();
    switch (outcome.action) {
      case 'retry':
        // A network failure between two auth-like failures breaks their chain.
        this.auth.reset();
        return this.failed(outcome.reason, outcome.extra);
      case 'authFailure':
        return this.authFailed(outcome.serverReasonCode, outcome.detail);
      case 'silentClose':
        return this.silentClose(outcome.detail);
      case 'kick':
        return this.kicked(outcome.reasonCode, outcome.reasonText);
      case 'banned':
        return this.stop('connectFail', 'banned', { serverReasonCode: outcome.serverReasonCode });
    }
  }

  private reportAddressFailure(): void {
    if (this.endpoint) this.resolver.reportFailure(this.endpoint);
  }

  /**
   * CONNACK 2 (auth failure rule, README): retry at once only with a refreshed token that differs
   * from the refused one; otherwise stop after this one CONNECT.
   */
  private authFailed(serverReasonCode: number, detail: string | undefined): void {
    this.countFailure();
    this.state.serverReasonCode = serverReasonCode;
    if (this.auth.onRefused() === 'stop') {
      return this.stop('connectFail', 'authFail', { serverReasonCode, detail });
    }
    this.tracker.set('disconnected', 'authFail');
    this.tracker.commit('authFailure', detail);
    this.refreshThen((adopted) =>
      adopted
        ? this.tryNow()
        : this.stop('connectFail', 'authFail', { serverReasonCode, detail: 'no new token' }),
    );
  }

  /**
   * A clean close in the auth window: maybe a v2.x refusal, maybe a server restarting. Back off
   * like any failure (after asking the refresher at the first), stop at the limit in a row.
   */
  private silentClose(detail: string): void {
    const verdict = this.auth.onSilentClose();
    if (verdict === 'stop') {
      this.countFailure();
      return this.stop('connectFail', 'authFail', { serverReasonCode: null, detail });
    }
    if (verdict === 'retry') return this.failed('serverClosed', { detail });
    this.tracker.set('disconnected', 'serverClosed');
    this.tracker.commit('silentClose', detail);
    this.refreshThen(() => this.failed('serverClosed', { detail }));
  }

  /**
   * Asks the refresher (single flight, bounded by connectTimeoutMs) and adopts a new token; then
   * `next(adopted)`, unless a teardown abandoned this flow meanwhile. A failed refresh counts as
   * no new token.
   */
  private refreshThen(next: (adopted: boolean) => void): void {
    const epoch = ++this.epoch;
    const failedToken = this.auth.lastToken;
    const refresher = this.opts.refreshToken;
    const refresh = this.auth.refresh(
      refresher && (() => this.prep.run(refresher(), this.opts.connectTimeoutMs, 'token refresh')),
    );
    refresh.then(
      (fresh) => {
        if (epoch !== this.epoch) return;
        const adopted = this.auth.adopt(failedToken, fresh);
        if (adopted) this.tracker.log.addSecret(fresh);
        this.tracker.note('tokenRefreshed', adopted ? 'new token' : 'no new token');
        next(adopted);
      },
      (err: unknown) => {
        if (epoch !== this.epoch) return;
        this.tracker.note('tokenRefreshFailed', describeError(err));
        next(false);
      },
    );
  }

  private kicked(reasonCode: number, reasonText: string): void {
    const at = this.opts.clock.now();
    this.state.serverReasonText = reasonText;
    this.stop('disconnected', 'kickOff', { serverReasonCode: reasonCode, detail: reasonText });
    this.safeEmit('kick', { reasonCode, reasonText, at });
  }

  /** Terminal: nothing reconnects until connect(). */
  private stop(
    status: ConnectionStatus,
    reason: ConnectionReason,
    extra: { serverReasonCode?: number | null; detail?: string | undefined },
  ): void {
    this.teardown();
    this.wanted = false;
    if (extra.serverReasonCode !== undefined) this.state.serverReasonCode = extra.serverReasonCode;
    if (reason !== 'kickOff') this.state.serverReasonText = null;
    this.tracker.set(status, reason);
    this.tracker.commit('stopped', extra.detail);
  }

  private countFailure(): void {
    this.attempts.fail(this.opts.clock.now(), this.opts.stableAfterMs);
  }

  /** A failed attempt or a dropped link: back off and retry, or give up. */
  private failed(
    reason: ConnectionReason,
    extra: { serverReasonCode?: number | null; detail?: string | undefined },
  ): void {
    this.teardown();
    this.countFailure();
    this.state.serverReasonCode = extra.serverReasonCode ?? null;
    this.state.serverReasonText = null;
    if (this.attempts.exceeds(this.opts.maxReconnectAttempts)) {
      return this.stop('connectFail', 'maxAttemptsReached', {
        detail: `${reason}: ${extra.detail ?? ''}`,
      });
    }
    this.tracker.set('disconnected', reason);
    if (!this.opts.autoReconnect) {
      this.held = true;
      return this.tracker.commit('failed', extra.detail);
    }
    if (!this.canAttempt) return this.tracker.commit('failed', extra.detail);
    const delay = backoffDelay(
      this.attempts.failures - 1,
      {
        baseMs: this.opts.reconnectIntervalMs,
        // A base the user set above the cap is their interval: the cap never shortens it.
        capMs: Math.max(this.opts.backoffCapMs, this.opts.reconnectIntervalMs),
        jitter: this.opts.backoffJitter,
      },
      this.opts.random,
    );
    this.state.nextRetryAt = this.opts.clock.now() + delay;
    this.retryTimer = this.opts.clock.setTimeout(this.onRetryTimer, delay);
    this.tracker.commit('backoff', extra.detail, { delayMs: delay });
  }

  private readonly onRetryTimer = (): void => {
    this.retryTimer = undefined;
    this.tryNow();
  };

  private wake(event: string): void {
    this.suspended = false;
    this.held = false;
    this.attempts.reset();
    this.tracker.note(event);
    if (this.state.status === 'connected') {
      // The link may have died while we slept: probe it now instead of waiting for a tick.
      this.heartbeat.probe();
      return;
    }
    if (this.state.status === 'connecting') return;
    this.tryNow();
  }

  private onSleepDetected(lateMs: number): void {
    // The machine slept without telling us (or the clock jumped): treat it as a resume.
    this.tracker.note('clockJump', `timer ${lateMs} ms late`);
    this.teardown();
    this.attempts.resetAll();
    this.tracker.set('disconnected', 'networkError');
    this.tracker.commit('clockJump');
    this.tryNow();
  }

  // ---------------------------------------------------------------- plumbing

  /** Closes the socket and cancels every timer and in-flight step; no event of it fires later. */
  private teardown(): void {
    this.epoch += 1;
    this.detach();
    this.cancelRetry();
    this.prep.cancel();
    this.state.nextRetryAt = null;
    this.resolver.cancel();
    // A refresh in flight belongs to the abandoned flow; its result is ignored by epoch.
    this.auth.abandonRefresh();
  }

  /** Drops the current connection (if any), its timers and pending sends. */
  private detach(): void {
    const conn = this.conn;
    this.conn = null;
    this.cipher = null;
    this.heartbeat.stop();
    if (conn) conn.close();
    if (this.pending.size > 0)
      this.pending.rejectAll(new NotConnectedError('disconnected before SENDACK'));
  }

  private cancelRetry(): void {
    if (this.retryTimer !== undefined) {
      this.opts.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }

  /** A throwing listener must not break the state machine. */
  private safeEmit<E extends keyof ConnectionManagerEvents>(
    event: E,
    ...args: ConnectionManagerEvents[E]
  ): void {
    try {
      this.emit(event, ...args);
    } catch (err) {
      this.tracker.note('listenerError', `${event}: ${describeError(err)}`);
    }
  }
}
