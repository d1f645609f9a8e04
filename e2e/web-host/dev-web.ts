/**
 * `npm run dev:web`: try the UI in a browser without Electron. Serves the built renderer (out/,
 * built by `npm run build` first) with the real main-process services behind it and a local test
 * server with demo users; the sign-in form comes prefilled. Commands on stdin raise the OS events
 * the app reacts to. Stops cleanly on Ctrl+C.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startTestServer } from '../test-server';
import type { TestServer } from '../test-server';
import { prepareDataDir } from './data-dir';
import { parseUsers, planInstances, type Instance } from './dev-web-users';
import { startWebHost } from './web-host';
import type { WebHost } from './web-host';

const DEMO_USERS = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
];

const USAGE = `Usage: npm run dev:web [-- options]
  --port <n>        web port (default 5180; 0 = any free port)
  --renderer <dir>  built renderer (default out/renderer)
  --data <dir>      data folder (default: a new private temporary folder)
  --users <a,b>     one app per demo user, side by side (e.g. alice,bob; ports from --port on)
  --help`;

const COMMANDS = `Commands (type and press Enter; add a user id to aim at one app, e.g. "offline bob"):
  offline | online     the OS network goes away / comes back
  suspend | resume     the machine sleeps / wakes up
  kick                 the server signs the current user out (another device)
  stop | start         the server stops / starts listening
  quit`;

function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a port number (0-65535), got "${text}"`);
  }
  return port;
}

/** One app for one demo user, its sign-in form prefilled with that user. */
async function startInstance(
  instance: Instance,
  rendererDir: string,
  server: TestServer,
): Promise<WebHost> {
  try {
    return await startWebHost({
      rendererDir,
      dataDir: prepareDataDir(instance.dataDir),
      port: instance.port,
      signInDefaults: {
        server: { kind: 'static', host: server.host, port: server.tcpPort },
        uid: instance.user.uid,
        token: instance.user.token,
      },
      logger: console,
    });
  } catch (error) {
    // One clear line instead of a stack: the usual cause is a dev:web that is still running.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Port ${instance.port} is already in use (is another "npm run dev:web" running?). Stop it, or pass --port 0 for any free port.`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      renderer: { type: 'string' },
      data: { type: 'string' },
      users: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const rendererDir = resolve(values.renderer ?? 'out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run "npm run build" first`);
  }
  const port = parsePort(values.port, 5180);
  const instances = planInstances(
    parseUsers(values.users, DEMO_USERS),
    port,
    prepareDataDir(values.data),
  );

  const server: TestServer = await startTestServer({ users: DEMO_USERS });
  const hosts: Array<{ instance: Instance; host: WebHost }> = [];
  const stopAll = async (): Promise<void> => {
    for (const { host } of hosts) await host.stop();
    await server.stop();
  };
  for (const instance of instances) {
    try {
      hosts.push({ instance, host: await startInstance(instance, rendererDir, server) });
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  for (const { instance, host } of hosts) {
    console.log(`WuKong Desktop (web host) for ${instance.user.uid}: ${host.url}`);
    console.log(`  data folder  ${instance.dataDir}`);
  }
  console.log(`  test server  tcp ${server.tcpAddress}  http ${server.httpUrl}`);
  console.log(`  demo users   ${DEMO_USERS.map((u) => `${u.uid} / ${u.token}`).join(', ')}`);
  console.log(COMMANDS);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await stopAll();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const [command = '', target] = line.trim().toLowerCase().split(/\s+/);
    const aimed = hosts.filter(({ instance }) => !target || instance.user.uid === target);
    if (target && aimed.length === 0) {
      console.log(
        `No app for "${target}" (running: ${hosts.map((h) => h.instance.user.uid).join(', ')})`,
      );
      return;
    }
    const onEach = (act: (host: WebHost) => unknown) => () =>
      Promise.all(aimed.map(({ host }) => act(host)));
    const run: Record<string, () => unknown> = {
      offline: onEach((host) => host.setNetworkOnline(false)),
      online: onEach((host) => host.setNetworkOnline(true)),
      suspend: onEach((host) => host.suspend()),
      resume: onEach((host) => host.resume()),
      kick: onEach((host) => {
        const uid = host.services.getAccount().uid;
        return uid ? server.kickDevice(uid, 2, 'login in other device') : 0;
      }),
      stop: () => server.stopListening(),
      start: () => server.startListening(),
      quit: () => stop(),
    };
    const action = run[command];
    if (!action) {
      if (command) console.log(COMMANDS);
      return;
    }
    Promise.resolve(action()).then(
      () => console.log(`ok: ${line.trim()}`),
      (error: unknown) => console.error(`${command} failed:`, error),
    );
  });
  // Without a terminal (stdin closed), keep serving until a signal arrives.
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
