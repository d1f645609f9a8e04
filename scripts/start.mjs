#!/usr/bin/env node
// `npm start`: build, then launch the app. With no server configured yet, the local
// WuKongIM-compatible test server starts beside it and the sign-in screen is pre-filled with a
// demo account (WUKONG_DEMO_* in the app's environment). A configured server is used as is.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NO_ELECTRON_MESSAGE,
  configuredServer,
  demoEnv,
  electronBinaryPath,
  parseServerBanner,
  userDataDir,
} from './start-lib.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules/.bin');
const SERVER_START_TIMEOUT_MS = 30_000;

function log(message) {
  console.log(`[start] ${message}`);
}

function build() {
  log('building (electron-vite build)…');
  const result = spawnSync(join(BIN, 'electron-vite'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[start] build failed');
    process.exit(result.status ?? 1);
  }
}

/** Starts the test server and resolves with its banner once it printed its addresses. */
function startTestServer() {
  log('no server configured: starting the local test server (e2e/test-server/cli.ts)…');
  const child = spawn(join(BIN, 'tsx'), ['e2e/test-server/cli.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(`the test server printed no address within ${SERVER_START_TIMEOUT_MS / 1000} s`),
      );
    }, SERVER_START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^WUKONG_TEST_SERVER .*$/m, '').replace(/\n+$/, '\n'));
      output += text;
      const info = parseServerBanner(output);
      if (info) {
        clearTimeout(timer);
        resolvePromise({ child, info });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test server exited (code ${code}) before it was ready`));
    });
  });
}

/**
 * Electron 45 fetches its binary on first use rather than at `npm ci`; fetch it here, where a
 * failure can be explained, instead of letting the launch fail half-way.
 */
function ensureElectronBinary() {
  if (electronBinaryPath(ROOT)) return true;
  log('fetching the Electron binary (first start on this machine)…');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron/install.js')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return result.status === 0 && electronBinaryPath(ROOT) !== null;
}

async function main() {
  if (!ensureElectronBinary()) {
    console.error(NO_ELECTRON_MESSAGE);
    process.exit(1);
  }
  build();

  const productName = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).productName;
  const existing = configuredServer(userDataDir(productName));
  let server = null;
  const env = { ...process.env };
  if (existing) {
    log(`using the configured server ${existing}`);
  } else {
    server = await startTestServer();
    Object.assign(env, demoEnv(server.info));
    log(
      `demo account ${env.WUKONG_DEMO_UID ?? '(none)'} on ${server.info.tcp} pre-filled on the sign-in screen`,
    );
  }

  log('launching the app…');
  const app = spawn(join(BIN, 'electron'), ['.'], { cwd: ROOT, stdio: 'inherit', env });
  const stopServer = () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      app.kill(signal);
      stopServer();
    });
  }
  app.on('exit', (code) => {
    stopServer();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
