/**
 * Shared set-up for the test server's own tests: a server per test with short timers, clients
 * that are torn down afterwards, and small waiting helpers.
 */
import { startTestServer, type TestServer, type TestServerOptions } from './index';
import { TestClient, type LoginOptions } from './test-client';

export const USERS = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
  { uid: 'carol', token: 'carol-token' },
];

export interface Harness {
  server: TestServer;
  /** raw TCP client (not logged in) */
  connect(): Promise<TestClient>;
  /** TCP client logged in as uid (token from USERS unless given) */
  login(uid: string, o?: Partial<LoginOptions>): Promise<TestClient>;
  teardown(): Promise<void>;
}

export async function harness(opts: TestServerOptions = {}): Promise<Harness> {
  const server = await startTestServer({
    kickCloseDelayMs: 50,
    tokenKickCloseDelayMs: 50,
    idle: { beforeConnectMs: 2000, duringAuthMs: 2000, afterAuthMs: 60_000 },
    ...opts,
    users: opts.users ?? [
      ...USERS,
      ...USERS.map((u) => ({ ...u, deviceFlag: 1 })),
      ...USERS.map((u) => ({ ...u, deviceFlag: 0 })),
    ],
  });
  const clients: TestClient[] = [];
  const connect = async (): Promise<TestClient> => {
    const c = await TestClient.tcp(server.host, server.tcpPort);
    clients.push(c);
    return c;
  };
  return {
    server,
    connect,
    async login(uid, o = {}) {
      const c = await connect();
      const token = o.token ?? USERS.find((u) => u.uid === uid)?.token ?? '';
      const connack = await c.login({ uid, token, ...o });
      if (connack.reasonCode !== 1)
        throw new Error(`login of ${uid} failed: ${connack.reasonCode}`);
      return c;
    },
    async teardown() {
      for (const c of clients) c.reset();
      await server.stop();
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
