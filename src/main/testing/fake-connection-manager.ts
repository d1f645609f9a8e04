import { EventEmitter } from 'node:events';
import { initialSnapshot, type ConnectionSnapshot, type KickEvent } from '../../shared/connection';
import type {
  ConnectionManagerApi,
  ConnectionManagerEvents,
  ConnectionManagerOptions,
  SendRequest,
  SendResult,
  StopReason,
  TunableOptions,
} from '../im/manager/types';
import { NotConnectedError } from '../im/manager/connection-manager';

/**
 * Test double for ConnectionManagerApi (tests only): records every call, and lets a test push
 * snapshots and kicks as the real manager would emit them. SENDs are recorded in `sent` and
 * answered by `answerSend` (default: NotConnectedError while not connected, else SENDACK 1).
 */
export class FakeConnectionManager extends EventEmitter implements ConnectionManagerApi {
  readonly calls: string[] = [];
  readonly updates: Partial<TunableOptions>[] = [];
  readonly sent: SendRequest[] = [];
  answerSend: (request: SendRequest) => Promise<SendResult> = async (request) => {
    if (!this.isConnected) throw new NotConnectedError('not connected');
    return {
      clientMsgNo: request.clientMsgNo ?? '',
      clientSeq: this.sent.length,
      messageId: 1_000n + BigInt(this.sent.length),
      messageSeq: BigInt(this.sent.length),
      reasonCode: 1,
    };
  };
  private current: ConnectionSnapshot = initialSnapshot(0);

  constructor(readonly options: ConnectionManagerOptions) {
    super();
  }

  get isConnected(): boolean {
    return this.current.status === 'connected';
  }

  snapshot(): ConnectionSnapshot {
    return this.current;
  }

  /** Emits a snapshot with the manager's own seq, as the real one does on every change. */
  emitSnapshot(patch: Partial<ConnectionSnapshot>): ConnectionSnapshot {
    this.current = { ...this.current, ...patch, seq: this.current.seq + 1 };
    this.emit('snapshot', this.current);
    return this.current;
  }

  emitKick(kick: KickEvent): void {
    this.emitSnapshot({
      status: 'disconnected',
      reason: 'kickOff',
      serverReasonCode: kick.reasonCode,
    });
    this.emit('kick', kick);
  }

  connect(): void {
    this.calls.push('connect');
    this.emitSnapshot({ status: 'connecting', reason: 'none' });
  }

  disconnect(logout: boolean, reason: StopReason = 'logout'): void {
    this.calls.push(
      logout && reason !== 'logout' ? `disconnect(true, ${reason})` : `disconnect(${logout})`,
    );
    this.emitSnapshot({
      status: 'disconnected',
      reason: logout ? reason : 'userDisconnect',
      nextRetryAt: null,
    });
  }

  retryNow(): void {
    this.calls.push('retryNow');
  }

  setNetworkOnline(online: boolean): void {
    this.calls.push(`setNetworkOnline(${online})`);
  }

  suspend(): void {
    this.calls.push('suspend');
  }

  resume(): void {
    this.calls.push('resume');
  }

  screenUnlocked(): void {
    this.calls.push('screenUnlocked');
  }

  send(request: SendRequest): Promise<SendResult> {
    this.sent.push(request);
    return this.answerSend(request);
  }

  updateOptions(options: Partial<TunableOptions>): void {
    this.calls.push('updateOptions');
    this.updates.push(options);
  }

  diagnostics(): ReturnType<ConnectionManagerApi['diagnostics']> {
    return [
      {
        at: 1,
        event: 'connect',
        status: 'connecting',
        reason: 'none',
        detail: 'using token secret-token-123',
      },
    ];
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
}

/** A factory that remembers every manager it made, newest last. */
export function fakeManagerFactory(): {
  create: (options: ConnectionManagerOptions) => FakeConnectionManager;
  made: FakeConnectionManager[];
  readonly last: FakeConnectionManager;
} {
  const made: FakeConnectionManager[] = [];
  return {
    create: (options) => {
      const manager = new FakeConnectionManager(options);
      made.push(manager);
      return manager;
    },
    made,
    get last() {
      const manager = made.at(-1);
      if (!manager) throw new Error('no manager was created');
      return manager;
    },
  };
}
