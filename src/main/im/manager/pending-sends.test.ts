import { describe, expect, it, vi } from 'vitest';
import * as manager from './connection-manager';
import { MAX_CLIENT_SEQ, NotConnectedError, PendingSends } from './pending-sends';

describe('PendingSends', () => {
  it('numbers sends from 1 and wraps after the uint32 maximum, skipping 0', () => {
    const table = new PendingSends();
    expect([table.nextSeq(), table.nextSeq(), table.nextSeq()]).toEqual([1, 2, 3]);
    // Counting 4 billion sends takes too long: jump to the edge (the field is private).
    (table as unknown as { clientSeq: number }).clientSeq = MAX_CLIENT_SEQ - 1;
    expect(table.nextSeq()).toBe(MAX_CLIENT_SEQ);
    expect(table.nextSeq()).toBe(1);
  });

  it('hands a SENDACK its own send once; an unknown or repeated clientSeq finds nothing', () => {
    const table = new PendingSends();
    const a = { clientMsgNo: 'a', resolve: vi.fn(), reject: vi.fn() };
    const b = { clientMsgNo: 'b', resolve: vi.fn(), reject: vi.fn() };
    table.add(1, a);
    table.add(2, b);
    expect(table.size).toBe(2);
    expect(table.take(2)).toBe(b);
    expect(table.take(2)).toBeUndefined();
    expect(table.take(99)).toBeUndefined();
    expect(table.size).toBe(1);
    table.remove(1);
    expect(table.size).toBe(0);
    expect(a.resolve).not.toHaveBeenCalled();
    expect(a.reject).not.toHaveBeenCalled();
  });

  it('rejects every waiting send with the given error and is empty afterwards', () => {
    const table = new PendingSends();
    const sends = [1, 2, 3].map((seq) => {
      const send = { clientMsgNo: `m${seq}`, resolve: vi.fn(), reject: vi.fn() };
      table.add(seq, send);
      return send;
    });
    const err = new NotConnectedError('gone');
    table.rejectAll(err);
    for (const s of sends) {
      expect(s.reject).toHaveBeenCalledExactlyOnceWith(err);
      expect(s.resolve).not.toHaveBeenCalled();
    }
    expect(table.size).toBe(0);
    table.rejectAll(new Error('again'));
    for (const s of sends) expect(s.reject).toHaveBeenCalledTimes(1);
  });

  it('keeps counting when sends are taken or rejected (clientSeq survives reconnects)', () => {
    const table = new PendingSends();
    table.add(table.nextSeq(), { clientMsgNo: 'x', resolve: vi.fn(), reject: vi.fn() });
    table.rejectAll(new NotConnectedError('drop'));
    expect(table.nextSeq()).toBe(2);
  });

  it('is the NotConnectedError the manager module exports (callers use instanceof)', () => {
    expect(manager.NotConnectedError).toBe(NotConnectedError);
    expect(new NotConnectedError('x').name).toBe('NotConnectedError');
  });
});
