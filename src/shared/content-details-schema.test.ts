import { describe, expect, it } from 'vitest';
import { contentDetailsSchema } from './content-details-schema';
import { historyEntrySchema } from './ipc-contract';
import { contentDetails, decodeContent } from './message-content';

describe('contentDetailsSchema (HistoryEntry.content over IPC)', () => {
  it('accepts what main hands out for every kind', () => {
    const payloads = [
      { type: 2, url: 'u', width: 10 },
      { type: 4, timeTrad: 7 },
      { type: 5, second: 3, size: 100 },
      { type: 6, title: 'T', address: 'A' },
      { type: 7, uid: 'u1', name: 'Alice' },
      { type: 8, name: 'a.pdf', size: 1 },
      { type: 99, cmd: 'x' },
      { type: 1001, content: '{0} joined', extra: [{ name: 'Bob' }] },
      { type: 777 },
    ];
    for (const p of payloads) {
      const details = contentDetails(decodeContent(JSON.stringify(p)));
      expect(contentDetailsSchema.parse(details)).toEqual(details);
    }
  });

  it('refuses addresses, raw bytes, unbounded strings and numbers out of range', () => {
    const bad: unknown[] = [
      { kind: 'image', url: 'https://tracker' },
      { kind: 'file', name: 'a', size: 1, payload: [1, 2] },
      { kind: 'file', name: 'x'.repeat(201), size: null },
      { kind: 'file', name: 'a', size: -1 },
      { kind: 'voice', seconds: Number.POSITIVE_INFINITY },
      { kind: 'voice', seconds: 1e9 },
      { kind: 'system', text: '' },
      { kind: 'unsupported', contentType: 1.5 },
      { kind: 'nope' },
    ];
    for (const b of bad) expect(contentDetailsSchema.safeParse(b).success).toBe(false);
  });

  it('is part of the history entry the renderer receives', () => {
    const entry = {
      channelId: 'bob',
      channelType: 1,
      clientMsgNo: 'c1',
      messageId: '1',
      messageSeq: '1',
      fromUid: 'bob',
      own: false,
      contentType: 8,
      text: '',
      timestamp: 1,
      state: 'received',
      order: 1,
    };
    const content = { kind: 'file', name: 'a.pdf', size: 2048 };
    expect(historyEntrySchema.parse({ ...entry, content }).content).toEqual(content);
    expect(
      historyEntrySchema.safeParse({ ...entry, content: { kind: 'image', url: 'x' } }).success,
    ).toBe(false);
  });
});
