import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-url';
import { resolveInside } from './path-inside';
import { CONTENT_SECURITY_POLICY } from './window-factory';

/**
 * The renderer is served from app://wukong/ instead of file://: every file:// URL shares one
 * "null" origin and Electron grants file:// extra privileges (the GrantFileProtocolExtraPrivileges
 * fuse is off), while a custom standard scheme gives the page an origin of its own and lets every
 * response carry the CSP as a header, where frame-ancestors works (a meta tag ignores it).
 */
export { APP_ENTRY_URL, APP_HOST, APP_SCHEME, isAppUrl } from './app-url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir));
}

/** Serves the built renderer's files (and nothing else) with the CSP header on every response. */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  const headers = (contentType: string): Record<string, string> => ({
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  });
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Not allowed');
    const wanted = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = resolveInside(rootDir, wanted);
    if (!file) return plain(404, 'Not found');
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: headers(type),
      });
    } catch {
      return plain(404, 'Not found');
    }
  };
}
