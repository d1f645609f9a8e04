import { describe, expect, it, vi } from 'vitest';
import { SessionCipher } from '../crypto';
import { PacketType, type Packet, type RecvPacket } from '../protocol/packets';
import { handleRecv, type RecvContext } from './recv-handler';
import type { ReceivedMessage } from './types';
import { sealRecv } from '../crypto/testing/server-seal';

const cipher = SessionCipher.fromKeyAndIv('d3514bfacef9c97a', 'aB3dE6gH9jK2mN5p');

function recv(overrides: Partial<RecvPacket> = {}): RecvPacket {
  return {
    ...sealRecv(cipher, {
      setting: 0,
      fromUid: 'alice',
      channelId: 'bob',
      channelType: 1,
      clientMsgNo: 'c1',
      messageId: 77n,
      messageSeq: 5n,
      timestamp: 1_700_000_000,
      payload: Buffer.from('hello'),
      flags: { dup: false, syncOnce: true, redDot: true, noPersist: false },
    }),
    ...overrides,
  };
}

function context(over: Partial<RecvContext> = {}) {
  const written: Packet[] = [];
  const delivered: ReceivedMessage[] = [];
  const notes: [string, string][] = [];
  const ctx: RecvContext = {
    cipher,
    link: {
      write: (p) => {
        written.push(p);
        return true;
      },
    },
    deliver: (m) => delivered.push(m),
    persist: undefined,
    isCurrent: () => true,
    note: (event, detail) => notes.push([event, detail]),
    ...over,
  };
  return { ctx, written, delivered, notes };
}

describe('handleRecv', () => {
  it('delivers the decrypted message and acknowledges it with the RECV flags', async () => {
    const { ctx, written, delivered, notes } = context();
    await handleRecv(recv({ topic: 't' }), ctx);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      messageId: 77n,
      messageSeq: 5n,
      fromUid: 'alice',
      channelId: 'bob',
      topic: 't',
      redDot: true,
      syncOnce: true,
      noPersist: false,
    });
    expect(delivered[0]?.payload.toString()).toBe('hello');
    expect(written).toEqual([
      {
        type: PacketType.RECVACK,
        flags: { dup: false, syncOnce: true, redDot: true, noPersist: false },
        messageId: 77n,
        messageSeq: 5n,
      },
    ]);
    expect(notes).toEqual([]);
  });

  it('drops a RECV with a wrong msgKey: not delivered, not acknowledged, noted', async () => {
    const { ctx, written, delivered, notes } = context();
    await handleRecv(recv({ msgKey: 'x'.repeat(32) }), ctx);
    expect(delivered).toEqual([]);
    expect(written).toEqual([]);
    expect(notes.map(([e]) => e)).toEqual(['recvDropped']);
  });

  it('sends the RECVACK only after the persist hook resolved', async () => {
    let release: () => void = () => undefined;
    const persist = vi.fn(() => new Promise<void>((r) => (release = r)));
    const { ctx, written, delivered } = context({ persist });
    const done = handleRecv(recv(), ctx);
    expect(delivered).toHaveLength(1);
    expect(persist).toHaveBeenCalledWith(delivered[0]);
    await Promise.resolve();
    expect(written).toEqual([]);
    release();
    await done;
    expect(written.map((p) => p.type)).toEqual([PacketType.RECVACK]);
  });

  it('no RECVACK when persisting fails or the link changed meanwhile', async () => {
    const failing = context({ persist: () => Promise.reject(new Error('disk full')) });
    await handleRecv(recv(), failing.ctx);
    expect(failing.written).toEqual([]);
    expect(failing.notes).toEqual([['persistFailed', 'messageId=77 disk full']]);

    const stale = context({ isCurrent: () => false });
    await handleRecv(recv(), stale.ctx);
    expect(stale.delivered).toHaveLength(1);
    expect(stale.written).toEqual([]);
  });

  it('a RECV without header flags is acknowledged with all flags off; a failing write is noted', async () => {
    const { ctx, notes } = context({
      link: {
        write: () => {
          throw new Error('socket gone');
        },
      },
    });
    const { flags: _flags, ...noFlags } = recv();
    await expect(handleRecv(noFlags, ctx)).resolves.toBeUndefined();
    expect(notes).toEqual([['recvackFailed', 'messageId=77 socket gone']]);

    const plain = context();
    await handleRecv(noFlags, plain.ctx);
    expect(plain.written[0]).toMatchObject({
      flags: { dup: false, syncOnce: false, redDot: false, noPersist: false },
    });
    expect(plain.delivered[0]).toMatchObject({ redDot: false, syncOnce: false, noPersist: false });
  });
});
