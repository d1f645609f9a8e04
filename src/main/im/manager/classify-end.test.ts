import { describe, expect, it } from 'vitest';
import { PEER_CLOSED } from '../connection/connection';
import { ReasonCode } from '../protocol/packets';
import { classifyEnd as classify, type HandshakeTiming } from './classify-end';
import type { ConnectionEnd } from '../connection/connection';

/** CONNECT written 5 s before the end: inside a v2.x server's auth window. */
const IN_AUTH_WINDOW: HandshakeTiming = { sinceConnectMs: 5_000, authCloseMinMs: 2_000 };
const classifyEnd = (end: ConnectionEnd, detail: string | undefined) =>
  classify(end, detail, IN_AUTH_WINDOW);

describe('classifyEnd', () => {
  it('timeouts back off with connectTimeout and count against the address', () => {
    for (const kind of ['tcpTimeout', 'connackTimeout'] as const) {
      expect(classifyEnd({ kind }, undefined)).toEqual({
        action: 'retry',
        reason: 'connectTimeout',
        extra: { detail: kind },
        addressFailed: true,
      });
    }
  });

  it('CONNACK 2 is an auth failure with its detail, 19 is banned, others are serverError', () => {
    expect(
      classifyEnd({ kind: 'connackRefused', reasonCode: ReasonCode.AUTH_FAIL }, 'bad'),
    ).toEqual({ action: 'authFailure', serverReasonCode: 2, detail: 'bad', addressFailed: false });
    expect(classifyEnd({ kind: 'connackRefused', reasonCode: ReasonCode.BAN }, undefined)).toEqual({
      action: 'banned',
      serverReasonCode: 19,
      addressFailed: false,
    });
    expect(classifyEnd({ kind: 'connackRefused', reasonCode: 5 }, undefined)).toEqual({
      action: 'retry',
      reason: 'serverError',
      extra: { serverReasonCode: 5 },
      addressFailed: false,
    });
  });

  it('a clean close in the auth window is a silent close; a reset then is a networkError', () => {
    for (const error of [undefined, PEER_CLOSED]) {
      expect(classifyEnd({ kind: 'closed', phase: 'handshake', error }, undefined)).toEqual({
        action: 'silentClose',
        detail: 'closed 5000 ms after CONNECT, before CONNACK',
        addressFailed: true,
      });
    }
    expect(
      classifyEnd({ kind: 'closed', phase: 'handshake', error: 'ECONNRESET' }, undefined),
    ).toEqual({
      action: 'retry',
      reason: 'networkError',
      extra: { detail: 'before CONNACK: ECONNRESET' },
      addressFailed: true,
    });
  });

  it('a clean close sooner than authCloseMinMs after CONNECT is a network failure (a proxy)', () => {
    const end: ConnectionEnd = { kind: 'closed', phase: 'handshake', error: PEER_CLOSED };
    const at = (sinceConnectMs: number | null) =>
      classify(end, undefined, { sinceConnectMs, authCloseMinMs: 2_000 });
    for (const since of [0, 1_999, null]) {
      expect(at(since)).toMatchObject({
        action: 'retry',
        reason: 'networkError',
        addressFailed: true,
      });
    }
    expect(at(2_000)).toMatchObject({ action: 'silentClose' });
  });

  it('a TCP failure is a networkError against the address', () => {
    expect(classifyEnd({ kind: 'closed', phase: 'tcp', error: 'ECONNREFUSED' }, undefined)).toEqual(
      {
        action: 'retry',
        reason: 'networkError',
        extra: { detail: 'ECONNREFUSED' },
        addressFailed: true,
      },
    );
  });

  it('a working session closed by the peer is serverClosed, a socket error networkError', () => {
    expect(classifyEnd({ kind: 'closed', phase: 'open' }, undefined)).toMatchObject({
      reason: 'serverClosed',
      extra: { detail: 'closed' },
      addressFailed: false,
    });
    expect(
      classifyEnd({ kind: 'closed', phase: 'open', error: PEER_CLOSED }, undefined),
    ).toMatchObject({ reason: 'serverClosed', extra: { detail: PEER_CLOSED } });
    expect(classifyEnd({ kind: 'closed', phase: 'open', error: 'EPIPE' }, undefined)).toMatchObject(
      {
        reason: 'networkError',
        extra: { detail: 'EPIPE' },
      },
    );
  });

  it('DISCONNECT is a kick; garbage is a protocolError', () => {
    expect(
      classifyEnd({ kind: 'disconnect', reasonCode: 12, reasonText: 'login elsewhere' }, undefined),
    ).toEqual({
      action: 'kick',
      reasonCode: 12,
      reasonText: 'login elsewhere',
      addressFailed: false,
    });
    expect(classifyEnd({ kind: 'protocolError', detail: 'bad length' }, undefined)).toEqual({
      action: 'retry',
      reason: 'protocolError',
      extra: { detail: 'bad length' },
      addressFailed: false,
    });
  });
});
