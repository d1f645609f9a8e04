/**
 * Never two sockets (the one-socket rule in ../README.md). 1,000 random sequences of host inputs and server faults,
 * over the in-memory transport and fake time, with a wrapped socket factory that counts live
 * sockets. Deterministic: the seed of a failing sequence is in the assertion message.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../connection/backoff';
import { ConnectionManager } from './connection-manager';
import { MemoryServer, SocketTracker } from './testing/memory-transport';

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
  | 'wait';

const OPS: Op[] = [
  'connect',
  'connect',
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
  'wait',
  'wait',
];

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

describe('never two sockets', () => {
  it(`holds over ${SEQUENCES} random sequences of ${STEPS} steps, and nothing leaks`, async () => {
    for (let seq = 0; seq < SEQUENCES; seq += 1) {
      const rnd = seededRandom(seq + 1);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
      const server = new MemoryServer({ kickCloseDelayMs: 2_000, authIdleMs: 400 });
      const tracker = new SocketTracker(server);
      const manager = new ConnectionManager({
        address: { host: 'memory', port: 5100 },
        connectInfo: async () => ({ uid: 'u1', token: 'token-u1' }),
        deviceId: 'device-1',
        socketFactory: tracker.factory,
        random: seededRandom(seq + 7),
        connectTimeoutMs: 1_000,
        heartbeatIntervalMs: 2_000,
        pongTimeoutMs: 1_000,
        backoffCapMs: 8_000,
      });
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
          case 'wait':
            break;
        }
        expect(tracker.live, where()).toBeLessThanOrEqual(1);
        await settle(Math.floor(rnd() * 6_000));
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
      server.stop();
      expect(tracker.live, where()).toBe(0);
      expect(manager.liveResources, where()).toEqual({ timers: 0, socket: false });
      await settle(600_000);
      expect(vi.getTimerCount(), where()).toBe(0);
      expect(tracker.live, where()).toBe(0);
    }
  }, 120_000);
});
