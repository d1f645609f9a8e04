/**
 * TLS in front of WuKongIM's TCP port. The protocol's own payload encryption has no server
 * authentication, so without TLS the token and every message can be read and redirected on the
 * way. Per server: off (plain TCP), on with the system trust store, or on with one pinned
 * certificate that alone is trusted (a self-signed server). The host name is always verified, a
 * bad certificate fails the attempt with a clear error, and nothing ever falls back to plain TCP.
 */
import { createConnection, isIP } from 'node:net';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import type { SocketFactory } from '../core';

export type TransportSecurity =
  | { mode: 'off' }
  | { mode: 'system' }
  /** `certificate`: the server's own certificate (PEM); nothing else is trusted for it */
  | { mode: 'pinned'; certificate: string };

export interface TlsSocketFactoryOptions {
  /**
   * The certificates trusted in 'system' mode. Default: the OS trust store plus Node's bundled
   * roots. Tests pass their own test CA here (a stand-in for an OS store they cannot change).
   */
  systemCa?: readonly string[];
}

export class TlsConfigError extends Error {
  override readonly name = 'TlsConfigError';
}

/** What the OS trusts, where this Node can read it (22.15+), plus Node's bundled roots. */
function systemTrust(): string[] {
  const read = (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  const system = (() => {
    try {
      return read?.('system') ?? [];
    } catch {
      return [];
    }
  })();
  return [...tls.rootCertificates, ...system];
}

function pinnedFingerprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch (error) {
    throw new TlsConfigError(
      `The pinned certificate is not a valid PEM certificate: ${String(error)}`,
    );
  }
}

/** Node's TLS verification codes, as sentences a person can act on. */
const TLS_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not pinned",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate chain ends in an untrusted self-signed certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not issued by a trusted authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the server's certificate is not issued by a trusted authority",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
  ERR_TLS_CERT_PIN_MISMATCH: "the server's certificate is not the pinned one",
  CERT_REVOKED: "the server's certificate was revoked",
  EPROTO: 'the server did not answer with TLS',
  ECONNRESET: 'the server closed the connection during the TLS handshake',
};

/** A clear sentence for a TLS failure, or null when the error is not about TLS. */
export function describeTlsError(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  const sentence = TLS_ERRORS[code];
  if (!sentence || ((code === 'EPROTO' || code === 'ECONNRESET') && !isTlsFailure(error))) {
    return null;
  }
  return `TLS: ${sentence} (${code}); not connected`;
}

function isTlsFailure(error: unknown): boolean {
  return error instanceof Error && /SSL|TLS|handshake|wrong version/i.test(error.message);
}

/**
 * The socket factory for one server. The connection waits for 'secureConnect' (emitted only after
 * the certificate and host name were verified) before it writes the CONNECT with the token.
 */
export function createTlsSocketFactory(
  security: TransportSecurity,
  options: TlsSocketFactoryOptions = {},
): SocketFactory {
  if (security.mode === 'off') {
    return (endpoint) => createConnection({ host: endpoint.host, port: endpoint.port });
  }
  const pin = security.mode === 'pinned' ? pinnedFingerprint(security.certificate) : null;
  const ca =
    security.mode === 'pinned' ? [security.certificate] : [...(options.systemCa ?? systemTrust())];
  const checkServerIdentity = (host: string, cert: PeerCertificate): Error | undefined => {
    const wrongHost = tls.checkServerIdentity(host, cert);
    if (wrongHost) return wrongHost;
    if (pin !== null && cert.fingerprint256 !== pin) {
      return Object.assign(new Error("The server's certificate is not the pinned one"), {
        code: 'ERR_TLS_CERT_PIN_MISMATCH',
      });
    }
    return undefined;
  };
  return (endpoint) =>
    tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      // SNI takes names only; the host name (or IP) is verified either way.
      ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
      ca,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      checkServerIdentity,
    });
}
