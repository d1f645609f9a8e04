import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../test/fake-api';
import { describeStatus, secondsUntil } from './status-view';

describe('describeStatus', () => {
  it.each([
    [{ status: 'connected', reason: 'connectSuccess' }, 'connected'],
    [{ status: 'connecting', reason: 'none' }, 'connecting'],
    [{ status: 'disconnected', reason: 'suspended' }, 'connecting'],
    [
      { status: 'disconnected', reason: 'heartbeatTimeout', attempt: 1, nextRetryAt: 5000 },
      'reconnecting',
    ],
    [
      { status: 'disconnected', reason: 'networkError', attempt: 3, nextRetryAt: 5000 },
      'unreachable',
    ],
    [{ status: 'disconnected', reason: 'noNetwork', networkOnline: false }, 'offline'],
    [
      { status: 'disconnected', reason: 'networkError', networkOnline: false, nextRetryAt: 5000 },
      'offline',
    ],
    [{ status: 'disconnected', reason: 'userDisconnect' }, 'disconnected'],
    [{ status: 'connectFail', reason: 'maxAttemptsReached', attempt: 5 }, 'failed'],
    [{ status: 'disconnected', reason: 'kickOff', serverReasonCode: 12 }, 'kicked'],
    [{ status: 'connectFail', reason: 'authFail' }, 'tokenRejected'],
    [{ status: 'connectFail', reason: 'banned' }, 'banned'],
  ] as const)('%o -> %s', (fields, kind) => {
    expect(describeStatus(makeSnapshot(fields)).kind).toBe(kind);
  });
});

describe('secondsUntil', () => {
  it('rounds up to whole seconds and never goes below zero', () => {
    expect(secondsUntil(10_000, 0)).toBe(10);
    expect(secondsUntil(10_000, 1)).toBe(10);
    expect(secondsUntil(10_000, 1000)).toBe(9);
    expect(secondsUntil(10_000, 9_999)).toBe(1);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 20_000)).toBe(0);
  });
});
