// Pure helpers of scripts/start.mjs (tested in start.test.ts): where Electron is, whether a server
// is configured already, and what the local test server printed.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Electron binary as the electron package records it (path.txt + dist/), or null when it was
 * never downloaded (as on machines without access to Electron's release host).
 */
export function electronBinaryPath(root, env = process.env) {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(root, 'node_modules/electron/dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}

/** Electron's app.getPath('userData') for this app: <appData>/<productName>. */
export function userDataDir(productName, platform = process.platform, env = process.env) {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', productName);
  if (platform === 'win32')
    return join(env.APPDATA || join(home, 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), productName);
}

/**
 * The server the app already uses: WUKONG_DEMO_SERVER from the environment, or the server saved
 * in the app's settings.json. Returns a description, or null when none is configured.
 */
export function configuredServer(settingsDir, env = process.env) {
  if (env.WUKONG_DEMO_SERVER) return env.WUKONG_DEMO_SERVER;
  const file = join(settingsDir, 'settings.json');
  if (!existsSync(file)) return null;
  try {
    const server = JSON.parse(readFileSync(file, 'utf8'))?.settings?.server;
    if (!server || typeof server !== 'object') return null;
    if (server.kind === 'static' && server.host && server.port)
      return `${server.host}:${server.port}`;
    if (server.kind === 'route' && server.url) return server.url;
    return null;
  } catch {
    return null; // the app moves an unreadable file aside itself
  }
}

/**
 * Reads the test server's machine-readable banner line:
 *   WUKONG_TEST_SERVER {"tcp":"127.0.0.1:5100","ws":...,"http":...,"users":[{"uid","token"}]}
 * Returns { tcp, http, users } or null when the line is not (yet) there.
 */
export function parseServerBanner(text) {
  for (const line of text.split(/\r?\n/)) {
    const match = /^WUKONG_TEST_SERVER\s+(\{.*\})\s*$/.exec(line.trim());
    if (!match) continue;
    try {
      const info = JSON.parse(match[1]);
      if (typeof info.tcp !== 'string' || !/:\d+$/.test(info.tcp)) continue;
      const users = Array.isArray(info.users)
        ? info.users.filter((u) => typeof u?.uid === 'string' && typeof u?.token === 'string')
        : [];
      return { tcp: info.tcp, http: typeof info.http === 'string' ? info.http : null, users };
    } catch {
      continue;
    }
  }
  return null;
}

/** Environment for the app so its sign-in screen is pre-filled with the demo account. */
export function demoEnv(info) {
  const env = { WUKONG_DEMO_SERVER: info.tcp };
  const [user] = info.users;
  if (user) {
    env.WUKONG_DEMO_UID = user.uid;
    env.WUKONG_DEMO_TOKEN = user.token;
  }
  return env;
}

export const NO_ELECTRON_MESSAGE = [
  'The Electron binary is not installed (node_modules/electron/path.txt or dist/ is missing)',
  'and could not be downloaded, so the desktop app cannot start on this machine. This happens',
  "where Electron's download host is unreachable; the app itself is fine.",
  '',
  'To try the app in a browser instead (same main-process services, same renderer), run:',
  '  npm run dev:web',
  '',
  'To install Electron later: `node node_modules/electron/install.js` where its release host is reachable.',
].join('\n');
