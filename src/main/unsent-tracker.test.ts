import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../shared/messages';
import { trackUnsent } from './unsent-tracker';

const entry = (clientMsgNo: string, state: HistoryEntry['state'], own = true): HistoryEntry => ({
  channelId: 'bob',
  channelType: 1,
  clientMsgNo,
  messageId: null,
  messageSeq: null,
  fromUid: own ? 'alice' : 'bob',
  own,
  contentType: 1,
  text: 'x',
  timestamp: 0,
  state,
  order: 0,
});

describe('unsent messages', () => {
  it('counts own messages queued or sending until they are sent or failed', () => {
    let emit: (e: HistoryEntry) => void = () => {};
    const tracker = trackUnsent({
      onMessage: (listener) => {
        emit = listener;
        return () => {
          emit = () => {};
        };
      },
    });
    emit(entry('a', 'queued'));
    emit(entry('b', 'queued'));
    emit(entry('a', 'sending'));
    emit(entry('z', 'received', false));
    expect(tracker.count()).toBe(2);
    emit(entry('a', 'sent'));
    emit(entry('b', 'failed'));
    expect(tracker.count()).toBe(0);
    tracker.stop();
    emit(entry('c', 'queued'));
    expect(tracker.count()).toBe(0);
  });
});
