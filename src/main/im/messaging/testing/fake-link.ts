/**
 * A stand-in for the ConnectionManager's send side: records every SEND and lets the test answer
 * it (SENDACK with any reason) or drop the link. Test code only.
 */
import { EventEmitter } from 'node:events';
import { initialSnapshot, type ConnectionSnapshot } from '../../../../shared/connection';
import { NotConnectedError, type SendRequest, type SendResult } from '../../core';
import type { MessagingLink } from '../types';

export interface FakeSend {
  request: SendRequest;
  text: string;
  resolve(result: SendResult): void;
  reject(err: Error): void;
  settled: boolean;
}

export class FakeLink extends EventEmitter implements MessagingLink {
  isConnected = false;
  readonly sends: FakeSend[] = [];
  /** answer every SEND at once with this reason (null = leave it pending) */
  autoAck: number | null = null;
  /** dropStalled() calls (the sender saw no SENDACK in time); the test decides what follows */
  readonly stalls: string[] = [];
  private seq = 0;
  private messageId = 1000n;

  send(request: SendRequest): Promise<SendResult> {
    if (!this.isConnected) return Promise.reject(new NotConnectedError('not connected'));
    return new Promise<SendResult>((resolve, reject) => {
      const entry: FakeSend = {
        request,
        text: (JSON.parse(request.payload.toString('utf8')) as { content: string }).content,
        settled: false,
        resolve: (r) => {
          entry.settled = true;
          resolve(r);
        },
        reject: (e) => {
          entry.settled = true;
          reject(e);
        },
      };
      this.sends.push(entry);
      if (this.autoAck !== null) this.ack(entry, this.autoAck);
    });
  }

  dropStalled(detail: string): void {
    this.stalls.push(detail);
  }

  /** SENDACK for one pending SEND (the oldest by default). */
  ack(entry: FakeSend | undefined = this.pendingSends()[0], reasonCode = 1): void {
    if (!entry) throw new Error('no pending SEND to acknowledge');
    this.seq += 1;
    this.messageId += 1n;
    entry.resolve({
      clientMsgNo: entry.request.clientMsgNo ?? '',
      clientSeq: this.seq,
      messageId: this.messageId,
      messageSeq: BigInt(this.seq),
      reasonCode,
    });
  }

  pendingSends(): FakeSend[] {
    return this.sends.filter((s) => !s.settled);
  }

  connect(): void {
    this.isConnected = true;
    this.emit('snapshot', this.snap('connected'));
  }

  /** The link drops: every pending SEND rejects like the manager's do. */
  drop(): void {
    this.isConnected = false;
    for (const s of this.pendingSends())
      s.reject(new NotConnectedError('disconnected before SENDACK'));
    this.emit('snapshot', this.snap('disconnected'));
  }

  private snap(status: ConnectionSnapshot['status']): ConnectionSnapshot {
    return {
      ...initialSnapshot(0),
      status,
      reason: status === 'connected' ? 'connectSuccess' : 'networkError',
    };
  }
}
