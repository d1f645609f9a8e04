/**
 * `npm run server`: the test server as a standalone local WuKongIM with demo users.
 * Prints its TCP, WebSocket and HTTP addresses and the demo credentials; stops cleanly on
 * SIGINT/SIGTERM. A preferred port that is taken falls back to a free one.
 */
import { parseArgs } from 'node:util';
import { startTestServer, type TestServer, type TestServerOptions } from './index';

const DEMO = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
  { uid: 'carol', token: 'carol-token' },
];
// PC (2) for the desktop app, WEB (1) for the JS SDK, APP (0) for mobile SDKs
const DEMO_FLAGS = [2, 1, 0];

const USAGE = `Usage: npx tsx e2e/test-server/cli.ts [options]
  --host <ip>                 listen address (default 127.0.0.1)
  --tcp-port <n>              TCP port (default 5100; 0 = any free port)
  --ws-port <n>               WebSocket port (default 5200; 0 = any free port)
  --no-ws                     no WebSocket listener
  --http-port <n>             HTTP API port (default 5001; 0 = any free port)
  --newest-version <n>        newest protocol version (default 5)
  --no-token-auth             accept any token
  --auth-failure-style <s>    close (v2.x, default) | connack (v1.x / v3 beta)
  --no-encryption             empty serverKey/salt, plaintext payloads
  --help`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`--${name} must be a port number`);
  return n;
}

export function parseCliArgs(argv: string[]): TestServerOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string' },
      'tcp-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'no-ws': { type: 'boolean' },
      'http-port': { type: 'string' },
      'newest-version': { type: 'string' },
      'no-token-auth': { type: 'boolean' },
      'auth-failure-style': { type: 'string' },
      'no-encryption': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const style = values['auth-failure-style'] ?? 'close';
  if (style !== 'close' && style !== 'connack') {
    throw new Error('--auth-failure-style must be close or connack');
  }
  const newest = Number(values['newest-version'] ?? 5);
  if (!Number.isInteger(newest) || newest < 1 || newest > 6) {
    throw new Error('--newest-version must be 1..6');
  }
  return {
    host: values.host ?? '127.0.0.1',
    tcpPort: port(values['tcp-port'], 5100, 'tcp-port'),
    wsPort: values['no-ws'] ? null : port(values['ws-port'], 5200, 'ws-port'),
    httpPort: port(values['http-port'], 5001, 'http-port'),
    newestVersion: newest,
    tokenAuth: !values['no-token-auth'],
    authFailureStyle: style,
    encryption: !values['no-encryption'],
    users: DEMO.flatMap((u) => DEMO_FLAGS.map((deviceFlag) => ({ ...u, deviceFlag }))),
  };
}

/** Starts the server; a preferred port that is in use is replaced by a free one. */
export async function startWithFallback(
  opts: TestServerOptions,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<TestServer> {
  const o = { ...opts };
  for (let attempt = 0; ; attempt++) {
    try {
      return await startTestServer(o);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { port?: number };
      if (e.code !== 'EADDRINUSE' || attempt >= 3) throw err;
      if (e.port === o.tcpPort) o.tcpPort = 0;
      else if (e.port === o.wsPort) o.wsPort = 0;
      else if (e.port === o.httpPort) o.httpPort = 0;
      else throw err;
      log(`port ${e.port} is in use, using a free port instead`);
    }
  }
}

export function banner(server: TestServer): string {
  const lines = [
    'WuKongIM test server is running',
    `  TCP   ${server.tcpAddress}`,
    `  WS    ${server.wsUrl ?? '(off)'}`,
    `  HTTP  ${server.httpUrl}   (GET /route, POST /user/token, POST /message/send, /control/*)`,
    '',
    'Demo users (uid / token, registered for device flags PC 2, WEB 1 and APP 0, master level):',
    ...DEMO.map((u) => `  ${u.uid.padEnd(6)} / ${u.token}`),
    '',
    'Press Ctrl+C to stop.',
    `WUKONG_TEST_SERVER ${JSON.stringify({
      tcp: server.tcpAddress,
      ws: server.wsUrl,
      http: server.httpUrl,
      users: DEMO,
    })}`,
  ];
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  let opts: TestServerOptions | 'help';
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startWithFallback(opts);
  process.stdout.write(banner(server));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// run only when executed, not when imported by a test
const invoked = process.argv[1] ?? '';
if (/cli\.[cm]?[jt]s$/.test(invoked) && invoked.includes('test-server')) {
  main().catch((err: unknown) => {
    process.stderr.write(`test server failed to start: ${String(err)}\n`);
    process.exit(1);
  });
}
