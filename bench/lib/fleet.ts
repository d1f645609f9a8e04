/**
 * A fleet of real ConnectionManagers for the storm: every socket they open is timestamped (the
 * arrivals at the server) and every manager's return to 'connected' after the outage is noted.
 * The same fleet runs on the real clock against the test server or on a VirtualClock against
 * the in-memory server.
 */
import type { Socket } from 'node:net';
import {
  CONNECTION_DEFAULTS,
  ConnectionManager,
  seededRandom,
  type Clock,
  type ConnectionManagerOptions,
  type SocketFactory,
} from '../../src/main/im';

/** How a policy is expressed in the manager's own knobs (base, cap and its random source). */
export interface ManagerPolicy {
  name: 'ours' | 'fixed' | 'doubling';
  describe: string;
  options: (
    client: number,
  ) => Pick<ConnectionManagerOptions, 'reconnectIntervalMs' | 'backoffCapMs' | 'random'>;
}

/**
 * floor(r * ceiling) with r just below 1 turns the manager's own backoff into the SDKs' fixed
 * and doubling schedules (1 ms shorter than theirs), so the baselines run the same code path.
 */
const ALMOST_ONE = 1 - 1e-9;

export const MANAGER_POLICIES: ManagerPolicy[] = [
  {
    name: 'ours',
    describe: `defaults: jitter share ${CONNECTION_DEFAULTS.backoffJitter}, base ${CONNECTION_DEFAULTS.reconnectIntervalMs} ms, cap ${CONNECTION_DEFAULTS.backoffCapMs} ms`,
    options: (client) => ({
      reconnectIntervalMs: CONNECTION_DEFAULTS.reconnectIntervalMs,
      backoffCapMs: CONNECTION_DEFAULTS.backoffCapMs,
      random: seededRandom(1_000 + client),
    }),
  },
  {
    name: 'fixed',
    describe: 'fixed 3 s (base = cap = 3000, random ~1)',
    options: () => ({ reconnectIntervalMs: 3_000, backoffCapMs: 3_000, random: () => ALMOST_ONE }),
  },
  {
    name: 'doubling',
    describe: 'doubling 2, 4, 8, 16 s (base 2000, cap 64000, random ~1)',
    options: () => ({ reconnectIntervalMs: 2_000, backoffCapMs: 64_000, random: () => ALMOST_ONE }),
  },
];

export interface FleetOptions {
  size: number;
  policy: ManagerPolicy;
  address: { host: string; port: number };
  /** opens the underlying socket (net.createConnection or the in-memory factory) */
  socketFactory: SocketFactory;
  clock?: Clock;
  /** the time base for the recorded times (performance.now or the virtual clock) */
  now: () => number;
  uid: (client: number) => string;
  token: (client: number) => string;
}

export class Fleet {
  readonly managers: ConnectionManager[] = [];
  /** socket opens since mark(), ms after the mark */
  readonly attemptTimes: number[] = [];
  /** per manager: first 'connected' after mark(), ms after the mark */
  readonly backAt: (number | null)[] = [];
  /** per manager: when it noticed the loss (first snapshot not 'connected' after mark()) */
  readonly lostAt: (number | null)[] = [];
  private origin: number | null = null;

  constructor(private readonly o: FleetOptions) {
    const factory: SocketFactory = (endpoint) => {
      if (this.origin !== null) this.attemptTimes.push(o.now() - this.origin);
      return o.socketFactory(endpoint) as Socket;
    };
    for (let i = 0; i < o.size; i += 1) {
      const m = new ConnectionManager({
        address: o.address,
        connectInfo: () => Promise.resolve({ uid: o.uid(i), token: o.token(i) }),
        deviceId: `storm-device-${i}`,
        socketFactory: factory,
        ...(o.clock ? { clock: o.clock } : {}),
        ...o.policy.options(i),
      });
      this.backAt.push(null);
      this.lostAt.push(null);
      m.on('snapshot', (s) => {
        if (this.origin === null) return;
        if (s.status !== 'connected' && this.lostAt[i] === null)
          this.lostAt[i] = o.now() - this.origin;
        if (s.status === 'connected' && this.lostAt[i] !== null && this.backAt[i] === null) {
          this.backAt[i] = o.now() - this.origin;
        }
      });
      this.managers.push(m);
    }
  }

  get connectedCount(): number {
    let n = 0;
    for (const m of this.managers) if (m.isConnected) n += 1;
    return n;
  }

  get backCount(): number {
    let n = 0;
    for (const b of this.backAt) if (b !== null) n += 1;
    return n;
  }

  /** t = 0 of the outage: attempts and returns are counted from here. */
  mark(): void {
    this.origin = this.o.now();
  }

  dispose(): void {
    for (const m of this.managers) {
      m.disconnect(true);
      m.removeAllListeners();
    }
  }
}
