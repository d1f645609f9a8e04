/**
 * Never two sockets, and "sign-out beats every pending step": 1,000 random sequences of
 * host inputs, server faults and releases of held asynchronous steps (connect info, route lookup,
 * TCP connect, CONNACK, token refresh), over the in-memory transport and fake time, with a wrapped
 * socket factory that counts live sockets. Every step can be held open, so a user action lands
 * while any of them is pending. Deterministic: the seed of a failing sequence is in the message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../connection/backoff';
import { ConnectionManager } from './connection-manager';
import { HeldStep } from './testing/held-step';
import { MemoryServer, SocketTracker } from './testing/memory-transport';
import type { ConnectInfo } from './types';

const SEQUENCES = 1_000;
const STEPS = 25;

type Op =
  | 'connect'
  | 'logout'
  | 'disconnect'
  | 'online'
  | 'offline'
  | 'suspend'
  | 'resume'
  | 'unlock'
  | 'retryNow'
  | 'kick'
  | 'restart'
  | 'restartDown'
  | 'serverUp'
  | 'stall'
  | 'unstall'
  | 'revokeToken'
  | 'holdAll'
  | 'holdNone'
  | 'releaseInfo'
  | 'releaseRoute'
  | 'releaseTcp'
  | 'releaseConnack'
  | 'releaseRefresh'
  | 'wait';

const OPS: Op[] = [
  'connect',
  'connect',
  'logout',
  'logout',
  'disconnect',
  'online',
  'offline',
  'suspend',
  'resume',
  'unlock',
  'retryNow',
  'kick',
  'restart',
  'restartDown',
  'serverUp',
  'stall',
  'unstall',
  'revokeToken',
  'holdAll',
  'holdNone',
  'releaseInfo',
  'releaseRoute',
  'releaseTcp',
  'releaseConnack',
  'releaseRefresh',
  'wait',
];

/** Actions after which no socket may open until a user action or trigger says so. */
const QUIETING: ReadonlySet<Op> = new Set(['logout', 'disconnect', 'suspend']);

async function settle(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 4; i += 1) await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('never two sockets; sign-out and disconnect beat every pending step', () => {
  it(`holds over ${SEQUENCES} random sequences of ${STEPS} steps, and nothing leaks`, async () => {
    for (let seq = 0; seq < SEQUENCES; seq += 1) {
      const rnd = seededRandom(seq + 1);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
      const closeStyle = seq % 2 === 1;
      const server = new MemoryServer({
        kickCloseDelayMs: 2_000,
        authIdleMs: 400,
        authFailureStyle: closeStyle ? 'close' : 'connack',
        users: [{ uid: 'u1', token: 'token-u1' }],
      });
      const tracker = new SocketTracker(server);
      const info = new HeldStep<ConnectInfo>();
      const route = new HeldStep<Response>();
      const refresh = new HeldStep<string | null>();
      let holding = false;
      let tokenNo = 0;
      const validToken = (): string => server.opts.users?.[0]?.token ?? 'token-u1';
      const routeAnswer = (): Response =>
        new Response(JSON.stringify({ tcp_addr: 'memory:5100' }), { status: 200 });
      const manager = new ConnectionManager({
        address: { routeUrl: 'http://route.test/route' },
        fetch: (_url, init) =>
          holding ? route.hold(init?.signal ?? undefined) : Promise.resolve(routeAnswer()),
        // The host never stores refreshed tokens: it always hands out the first one.
        connectInfo: () =>
          holding ? info.hold() : Promise.resolve({ uid: 'u1', token: 'token-u1' }),
        refreshToken: () => (holding ? refresh.hold() : Promise.resolve(validToken())),
        deviceId: 'device-1',
        socketFactory: tracker.factory,
        random: seededRandom(seq + 7),
        connectTimeoutMs: 1_000,
        heartbeatIntervalMs: 2_000,
        pongTimeoutMs: 1_000,
        backoffCapMs: 8_000,
        authCloseMinMs: 300,
      });
      const releaseAll = (): void => {
        info.release({ uid: 'u1', token: 'token-u1' });
        route.release(routeAnswer());
        server.releaseTcp();
        server.releaseConnect();
        refresh.release(validToken());
      };
      let latched = false;
      manager.on('kick', () => {
        latched = true;
      });
      const trail: string[] = [];
      const where = (): string => `seed ${seq + 1}, trail ${trail.join(' ')}`;

      for (let step = 0; step < STEPS; step += 1) {
        const op = pick(OPS);
        trail.push(op);
        const socketsBefore = tracker.sockets.length;
        switch (op) {
          case 'connect':
            latched = false;
            manager.connect();
            break;
          case 'logout':
            manager.disconnect(true);
            break;
          case 'disconnect':
            manager.disconnect(false);
            break;
          case 'online':
            manager.setNetworkOnline(true);
            break;
          case 'offline':
            manager.setNetworkOnline(false);
            break;
          case 'suspend':
            manager.suspend();
            break;
          case 'resume':
            manager.resume();
            break;
          case 'unlock':
            manager.screenUnlocked();
            break;
          case 'retryNow':
            manager.retryNow();
            break;
          case 'kick':
            server.kick('u1');
            break;
          case 'restart':
            server.restart();
            break;
          case 'restartDown':
            server.restart(true);
            break;
          case 'serverUp':
            server.startListening();
            break;
          case 'stall':
            server.ignorePings = true;
            server.ignoreConnect = true;
            break;
          case 'unstall':
            server.ignorePings = false;
            server.ignoreConnect = false;
            break;
          case 'revokeToken':
            tokenNo += 1;
            server.opts.users = [{ uid: 'u1', token: `token-u1-${tokenNo}` }];
            break;
          case 'holdAll':
            holding = true;
            server.holdTcp = true;
            server.holdConnect = true;
            break;
          case 'holdNone':
            holding = false;
            server.holdTcp = false;
            server.holdConnect = false;
            break;
          case 'releaseInfo':
            info.release({ uid: 'u1', token: 'token-u1' });
            break;
          case 'releaseRoute':
            route.release(routeAnswer());
            break;
          case 'releaseTcp':
            server.releaseTcp();
            break;
          case 'releaseConnack':
            server.releaseConnect();
            break;
          case 'releaseRefresh':
            refresh.release(rnd() < 0.5 ? validToken() : null);
            break;
          case 'wait':
            break;
        }
        expect(tracker.live, where()).toBeLessThanOrEqual(1);

        if (QUIETING.has(op)) {
          // Whatever was pending now completes: none of it may open a socket or leave a timer.
          if (op === 'logout') {
            expect(tracker.live, where()).toBe(0);
            expect(manager.liveResources, where()).toEqual({ timers: 0, socket: false });
          }
          releaseAll();
          await settle(Math.floor(rnd() * 3) === 0 ? 0 : Math.floor(rnd() * 20_000));
          expect(tracker.sockets.length, where()).toBe(socketsBefore);
          expect(tracker.live, where()).toBe(0);
          if (op === 'logout') {
            expect(manager.liveResources, where()).toEqual({ timers: 0, socket: false });
          }
          continue;
        }

        // Often a short pause, so the next action lands while a step is still pending.
        const r = rnd();
        await settle(r < 0.4 ? 0 : r < 0.7 ? Math.floor(rnd() * 50) : Math.floor(rnd() * 6_000));
        expect(tracker.live, where()).toBeLessThanOrEqual(1);
        expect(tracker.maxLive, where()).toBeLessThanOrEqual(1);
        // connected only with a live socket the server authenticated
        if (manager.isConnected) {
          expect(tracker.live, where()).toBe(1);
          expect(server.online('u1').length, where()).toBeGreaterThanOrEqual(1);
        }
        // a kick is latched: no new socket until connect()
        if (latched && op !== 'connect') {
          expect(tracker.sockets.length, where()).toBe(socketsBefore);
          // only a sign-out (logout) may replace the kick reason
          expect(['kickOff', 'logout'], where()).toContain(manager.snapshot().reason);
        }
      }

      manager.disconnect(true);
      expect(tracker.live, where()).toBe(0);
      expect(manager.liveResources, where()).toEqual({ timers: 0, socket: false });
      const socketsAtLogout = tracker.sockets.length;
      releaseAll();
      await settle(0);
      server.stop();
      expect(tracker.sockets.length, where()).toBe(socketsAtLogout);
      expect(manager.liveResources, where()).toEqual({ timers: 0, socket: false });
      await settle(600_000);
      expect(vi.getTimerCount(), where()).toBe(0);
      expect(tracker.live, where()).toBe(0);
    }
  }, 300_000);
});
