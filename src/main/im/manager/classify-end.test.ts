import { describe, expect, it } from 'vitest';
import { PEER_CLOSED } from '../connection/connection';
import { ReasonCode } from '../protocol/packets';
import { classifyEnd } from './classify-end';

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

  it('a clean close before CONNACK is an auth failure; a reset then is a networkError', () => {
    for (const error of [undefined, PEER_CLOSED]) {
      expect(classifyEnd({ kind: 'closed', phase: 'handshake', error }, undefined)).toMatchObject({
        action: 'authFailure',
        serverReasonCode: null,
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
