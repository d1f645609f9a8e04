import { join, normalize, sep } from 'node:path';

/**
 * Maps a URL path to a file inside root, or null when it cannot be decoded or would leave root
 * (`..`, encoded separators, NUL). Both the app:// protocol and the browser test host serve the
 * built renderer through it, so neither can be walked out of its folder.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = join(root, normalize(decoded).replace(/^([/\\])+/, ''));
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return full === root || full.startsWith(rootWithSep) ? full : null;
}
