import type { ConnectionReason } from '../../../shared/connection';
import { PEER_CLOSED, type ConnectionEnd } from '../connection/connection';
import { ReasonCode } from '../protocol/packets';

/** What the end of a connection means for the state machine (README, "Reasons"). */
export type EndOutcome = { addressFailed: boolean } & (
  | {
      /** back off and reconnect (or give up when the attempt budget is spent) */
      action: 'retry';
      reason: ConnectionReason;
      extra: { serverReasonCode?: number; detail?: string | undefined };
    }
  | { action: 'authFailure'; serverReasonCode: number | null; detail: string | undefined }
  | { action: 'kick'; reasonCode: number; reasonText: string }
  | { action: 'banned'; serverReasonCode: number }
);

/**
 * Classifies how a connection ended. `endDetail` is the connection's text for a refused CONNACK.
 * `addressFailed` says the server address did not work (counts towards asking the route API again).
 */
export function classifyEnd(end: ConnectionEnd, endDetail: string | undefined): EndOutcome {
  switch (end.kind) {
    case 'tcpTimeout':
    case 'connackTimeout':
      return retry('connectTimeout', { detail: end.kind }, true);
    case 'protocolError':
      return retry('protocolError', { detail: end.detail }, false);
    case 'disconnect':
      return {
        action: 'kick',
        reasonCode: end.reasonCode,
        reasonText: end.reasonText,
        addressFailed: false,
      };
    case 'connackRefused':
      if (end.reasonCode === ReasonCode.AUTH_FAIL) {
        return {
          action: 'authFailure',
          serverReasonCode: end.reasonCode,
          detail: endDetail,
          addressFailed: false,
        };
      }
      if (end.reasonCode === ReasonCode.BAN) {
        return { action: 'banned', serverReasonCode: end.reasonCode, addressFailed: false };
      }
      return retry('serverError', { serverReasonCode: end.reasonCode }, false);
    case 'closed':
      if (end.phase === 'handshake') {
        // A clean close (FIN) after CONNECT, before CONNACK: how a v2.x server refuses a token
        // (spec §10.2). A reset or socket error is the network's doing: back off instead.
        if (end.error === undefined || end.error === PEER_CLOSED) {
          return {
            action: 'authFailure',
            serverReasonCode: null,
            detail: 'closed before CONNACK',
            addressFailed: true,
          };
        }
        return retry('networkError', { detail: `before CONNACK: ${end.error}` }, true);
      }
      if (end.phase === 'tcp') return retry('networkError', { detail: end.error }, true);
      // A working session closed without DISCONNECT: an ordinary close, reconnect.
      return retry(
        end.error === undefined || end.error === PEER_CLOSED ? 'serverClosed' : 'networkError',
        { detail: end.error ?? 'closed' },
        false,
      );
  }
}

function retry(
  reason: ConnectionReason,
  extra: { serverReasonCode?: number; detail?: string | undefined },
  addressFailed: boolean,
): EndOutcome {
  return { action: 'retry', reason, extra, addressFailed };
}
