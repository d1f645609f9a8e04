/**
 * Recovery benchmark: time from the network coming back (setNetworkOnline(true)) or from
 * resume() to 'connected', against the test server over loopback; median and p99 over 200
 * trials each. Both triggers reset the backoff, so this is the time users wait after opening the
 * lid or getting Wi-Fi back.
 *
 *   npx tsx bench/run-all.ts recovery
 */
import {
  benchManager,
  benchServer,
  isConnected,
  timeToConnected,
  until,
  waitForSnapshot,
} from './lib/live';
import { goalMark, ms, printTable, writeResult, type BenchOutcome } from './lib/report';
import { summarize, type Summary } from './lib/stats';

export interface RecoveryBenchOptions {
  trials?: number;
}

const USER = { uid: 'bench-recovery', token: 'bench-recovery-token' };
const GOAL_P99_MS = 500;

export async function runRecoveryBench(opts: RecoveryBenchOptions = {}): Promise<BenchOutcome> {
  const trials = opts.trials ?? 200;
  const server = await benchServer([USER]);
  const manager = benchManager(server, USER);
  const network: number[] = [];
  const resume: number[] = [];
  const serverGone = (): Promise<void> =>
    until(() => server.online(USER.uid).length === 0, 5_000, 'server to see the close');
  try {
    await timeToConnected(manager, () => manager.connect(), 5_000);
    for (let i = 0; i < trials; i += 1) {
      manager.setNetworkOnline(false);
      await serverGone();
      network.push(await timeToConnected(manager, () => manager.setNetworkOnline(true), 5_000));

      manager.suspend();
      await serverGone();
      resume.push(await timeToConnected(manager, () => manager.resume(), 5_000));
    }
    await waitForSnapshot(manager, isConnected, 1_000, 'connected');
  } finally {
    manager.disconnect(true);
    await server.stop();
  }
  const net = summarize(network);
  const res = summarize(resume);
  const metNet = net.p99 < GOAL_P99_MS;
  const metRes = res.p99 < GOAL_P99_MS;
  const row = (name: string, s: Summary, met: boolean): string[] => [
    name,
    ms(s.median, 3),
    ms(s.p90, 3),
    ms(s.p99, 3),
    ms(s.max, 3),
    goalMark(met),
  ];
  printTable(
    `recovery: trigger -> connected over loopback, ${trials} trials each`,
    ['trigger', 'median', 'p90', 'p99', 'max', 'goal p99 < 500 ms'],
    [row('setNetworkOnline(true)', net, metNet), row('resume()', res, metRes)],
  );
  const data = { trials, networkOnlineMs: net, resumeMs: res, goalP99Ms: GOAL_P99_MS };
  writeResult('recovery', data);
  return {
    name: 'recovery',
    data,
    goals: [
      {
        item: 'recovery',
        metric: `network back -> connected, p99 (median) of ${trials}`,
        measured: `${ms(net.p99)} (median ${ms(net.median)})`,
        goal: `p99 < ${GOAL_P99_MS} ms`,
        met: metNet,
      },
      {
        item: 'recovery',
        metric: `resume() -> connected, p99 (median) of ${trials}`,
        measured: `${ms(res.p99)} (median ${ms(res.median)})`,
        goal: `p99 < ${GOAL_P99_MS} ms`,
        met: metRes,
      },
    ],
  };
}
