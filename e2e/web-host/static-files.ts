/**
 * Serves the built renderer. index.html gets the bridge script injected before anything else so
 * window.wukong exists before the renderer's module script runs, as the preload does in Electron.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { resolveInside } from '../../src/main/path-inside';
import { BRIDGE_SCRIPT_PATH } from './ws-protocol';

export { resolveInside };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

export interface StaticFile {
  status: number;
  contentType: string;
  body: Buffer | string;
}

export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('The renderer index.html has no <head>: cannot inject the bridge');
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${tag}${html.slice(at)}`;
}

export async function readStatic(root: string, urlPath: string): Promise<StaticFile> {
  const notFound: StaticFile = { status: 404, contentType: 'text/plain', body: 'Not found' };
  const wanted = urlPath === '/' ? '/index.html' : urlPath;
  const file = resolveInside(root, wanted);
  if (!file) return notFound;
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return notFound;
  }
  const ext = extname(file).toLowerCase();
  const contentType = CONTENT_TYPES[ext] ?? 'application/octet-stream';
  if (wanted === '/index.html') {
    return { status: 200, contentType, body: injectBridgeScript(body.toString('utf8')) };
  }
  return { status: 200, contentType, body };
}
