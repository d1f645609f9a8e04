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
  /** CONNACK 2: the token was refused, for sure */
  | { action: 'authFailure'; serverReasonCode: number; detail: string | undefined }
  /** a clean close in the auth window: a v2.x refusal or a server going away (ambiguous) */
  | { action: 'silentClose'; detail: string }
  | { action: 'kick'; reasonCode: number; reasonText: string }
  | { action: 'banned'; serverReasonCode: number }
);

/** When the handshake ended, for telling a v2.x auth close from a proxy dropping the link. */
export interface HandshakeTiming {
  /** ms from writing CONNECT to the end (null when CONNECT was never written) */
  sinceConnectMs: number | null;
  /** a clean close sooner than this after CONNECT is a network failure */
  authCloseMinMs: number;
}

/**
 * Classifies how a connection ended. `endDetail` is the connection's text for a refused CONNACK.
 * `addressFailed` says the server address did not work (counts towards asking the route API again).
 */
export function classifyEnd(
  end: ConnectionEnd,
  endDetail: string | undefined,
  timing: HandshakeTiming,
): EndOutcome {
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
      return classifyRefusal(end.reasonCode, endDetail);
    case 'closed':
      return classifyClose(end, timing);
  }
}

/** A CONNACK other than success: a refused token, a ban, or a server-side error to retry. */
function classifyRefusal(reasonCode: number, endDetail: string | undefined): EndOutcome {
  if (reasonCode === ReasonCode.AUTH_FAIL) {
    return {
      action: 'authFailure',
      serverReasonCode: reasonCode,
      detail: endDetail,
      addressFailed: false,
    };
  }
  if (reasonCode === ReasonCode.BAN) {
    return { action: 'banned', serverReasonCode: reasonCode, addressFailed: false };
  }
  return retry('serverError', { serverReasonCode: reasonCode }, false);
}

/** The socket closed: how far the connection got, and whether the close was clean, decide. */
function classifyClose(
  end: Extract<ConnectionEnd, { kind: 'closed' }>,
  timing: HandshakeTiming,
): EndOutcome {
  if (end.phase === 'handshake') {
    // A clean close (FIN) after CONNECT, before CONNACK, is how a v2.x server refuses a token,
    // but only at its auth idle limit (4-6 s, spec §10.2): a proxy or load balancer whose
    // backend is down closes at once. A reset or socket error is the network's doing.
    const clean = end.error === undefined || end.error === PEER_CLOSED;
    const since = timing.sinceConnectMs;
    if (clean && since !== null && since >= timing.authCloseMinMs) {
      return {
        action: 'silentClose',
        detail: `closed ${since} ms after CONNECT, before CONNACK`,
        addressFailed: true,
      };
    }
    if (clean) {
      return retry(
        'networkError',
        { detail: `closed ${since ?? 0} ms after CONNECT, before CONNACK` },
        true,
      );
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

function retry(
  reason: ConnectionReason,
  extra: { serverReasonCode?: number; detail?: string | undefined },
  addressFailed: boolean,
): EndOutcome {
  return { action: 'retry', reason, extra, addressFailed };
}
