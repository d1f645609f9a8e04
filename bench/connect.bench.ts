/**
 * Connect benchmark: connect() -> 'connected' over loopback against the test server (TCP +
 * CONNECT + X25519 key agreement + CONNACK), median and p99 over 1,000 connects, with
 * disconnect(true) and the server seeing the close between connects.
 *
 *   npx tsx bench/run-all.ts connect
 */
import { benchManager, benchServer, timeToConnected, until } from './lib/live';
import { goalMark, ms, printTable, writeResult, type BenchOutcome } from './lib/report';
import { summarize } from './lib/stats';

export interface ConnectBenchOptions {
  connects?: number;
  warmup?: number;
}

const USER = { uid: 'bench-connect', token: 'bench-connect-token' };
const GOAL_MEDIAN_MS = 3;

export async function runConnectBench(opts: ConnectBenchOptions = {}): Promise<BenchOutcome> {
  const connects = opts.connects ?? 1_000;
  const warmup = opts.warmup ?? 50;
  const server = await benchServer([USER]);
  const manager = benchManager(server, USER);
  const samples: number[] = [];
  try {
    for (let i = 0; i < warmup + connects; i += 1) {
      const t = await timeToConnected(manager, () => manager.connect(), 5_000);
      if (i >= warmup) samples.push(t);
      manager.disconnect(true);
      // The next connect starts only when the server has dropped this session (no same-device kick).
      await until(() => server.online(USER.uid).length === 0, 5_000, 'server to see the close');
    }
  } finally {
    manager.disconnect(true);
    await server.stop();
  }
  const s = summarize(samples);
  const met = s.median < GOAL_MEDIAN_MS;
  printTable(
    `connect: connect() -> connected over loopback, ${connects} connects (after ${warmup} warm-up)`,
    ['metric', 'value'],
    [
      ['median', ms(s.median, 3)],
      ['mean', ms(s.mean, 3)],
      ['p90', ms(s.p90, 3)],
      ['p99', ms(s.p99, 3)],
      ['min', ms(s.min, 3)],
      ['max', ms(s.max, 3)],
      ['goal median < 3 ms', goalMark(met)],
    ],
  );
  const data = { connects, warmup, summaryMs: s, goalMedianMs: GOAL_MEDIAN_MS, met };
  writeResult('connect', data);
  return {
    name: 'connect',
    data,
    goals: [
      {
        item: 'connect',
        metric: `connect() -> connected, median (p99) of ${connects}`,
        measured: `${ms(s.median)} (p99 ${ms(s.p99)})`,
        goal: `median < ${GOAL_MEDIAN_MS} ms`,
        met,
      },
    ],
  };
}
