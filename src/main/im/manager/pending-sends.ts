import { NotConnectedError } from '../core/not-connected-error';
import type { SendResult } from './types';

export { NotConnectedError };

interface PendingSend {
  clientMsgNo: string;
  resolve: (result: SendResult) => void;
  reject: (err: Error) => void;
}

/** clientSeq is a uint32 on the wire; 0 is never used, so it wraps to 1. */
export const MAX_CLIENT_SEQ = 0xffff_ffff;

/**
 * The sends waiting for their SENDACK, keyed by clientSeq. The counter belongs to the manager's
 * lifetime, not to one connection: clientSeq keeps counting across reconnects (README).
 */
export class PendingSends {
  private clientSeq = 0;
  private readonly pending = new Map<number, PendingSend>();

  /** The clientSeq for the next SEND. */
  nextSeq(): number {
    this.clientSeq = this.clientSeq >= MAX_CLIENT_SEQ ? 1 : this.clientSeq + 1;
    return this.clientSeq;
  }

  get size(): number {
    return this.pending.size;
  }

  add(clientSeq: number, send: PendingSend): void {
    this.pending.set(clientSeq, send);
  }

  /** Forgets a send whose SEND never reached the wire. */
  remove(clientSeq: number): void {
    this.pending.delete(clientSeq);
  }

  /** Removes and returns the send a SENDACK answers, or undefined for an unknown clientSeq. */
  take(clientSeq: number): PendingSend | undefined {
    const send = this.pending.get(clientSeq);
    if (send) this.pending.delete(clientSeq);
    return send;
  }

  /** Rejects every waiting send (the link went away before their SENDACK). */
  rejectAll(err: Error): void {
    if (this.pending.size === 0) return;
    const sends = [...this.pending.values()];
    this.pending.clear();
    for (const p of sends) p.reject(err);
  }
}
