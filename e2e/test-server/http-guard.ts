/**
 * The guard at the entry of the test server's HTTP API. The API can kick users, send messages as
 * anyone and inject faults, and `npm start` leaves it running next to a browser: a web page must
 * not be able to call it. Browsers send an Origin header on cross-site (and on all non-GET)
 * requests, and can send a body cross-site without asking first only as a "simple" request
 * (text/plain, form data, or none): so a foreign Origin is refused, and every request that
 * changes something must be declared JSON, which a foreign page can only do after a CORS
 * preflight this server never grants.
 */
import type http from 'node:http';
import { isIP } from 'node:net';

export interface Refusal {
  status: number;
  msg: string;
}

const READ_ONLY = new Set(['GET', 'HEAD']);

/** A Host that can only name this machine's own listener, not a rebound DNS name. */
function isLiteralHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || isIP(name) !== 0;
}

export function refuseForeignRequest(req: http.IncomingMessage): Refusal | null {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const host = req.headers.host ?? '';
    if (origin !== `http://${host}` || !isLiteralHost(host)) {
      return { status: 403, msg: 'requests from other origins are refused' };
    }
  }
  if (!READ_ONLY.has(req.method ?? 'GET')) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return { status: 415, msg: 'content-type must be application/json' };
    }
  }
  return null;
}
