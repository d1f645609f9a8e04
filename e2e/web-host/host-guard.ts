/**
 * Who may talk to the web host. The host carries the real services (tokens, settings, messages),
 * so any web page open in the same browser must not reach it: a foreign page's WebSocket carries
 * its own Origin, a DNS-rebinding page carries a foreign Host, and neither knows the per-run
 * secret that only the page URL printed by the host holds.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SECRET_PARAM } from './ws-protocol';

export function newHostSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host header values that name this host: its own loopback address and port only. */
export function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function ownOrigins(port: number): string[] {
  return ownHosts(port).map((host) => `http://${host}`);
}

function sameSecret(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a plain HTTP request is refused, or null when its Host header names this host. */
export function refuseRequest(request: IncomingMessage, port: number): string | null {
  const host = request.headers.host ?? '';
  return ownHosts(port).includes(host) ? null : 'foreign Host header';
}

/**
 * Why a WebSocket upgrade is refused, or null. A browser always sends Origin on a WebSocket, so
 * a missing one is refused as well.
 */
export function refuseUpgrade(
  request: IncomingMessage,
  port: number,
  secret: string,
): string | null {
  const hostProblem = refuseRequest(request, port);
  if (hostProblem) return hostProblem;
  const origin = request.headers.origin;
  if (origin === undefined || !ownOrigins(port).includes(origin))
    return 'foreign or missing Origin';
  const given = new URL(request.url ?? '/', 'http://host').searchParams.get(SECRET_PARAM);
  return sameSecret(given, secret) ? null : 'missing or wrong secret';
}
