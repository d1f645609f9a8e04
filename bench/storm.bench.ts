/**
 * Reconnect storm: N clients lose the server at once (t = 0), the server returns after 5, 10, 60
 * or 300 s. Our backoff (base, cap, jitter share: the defaults chosen by the sweep) against a fixed
 * 3 s interval (official JS SDK) and doubling without jitter (iOS SDK: 2, 4, 8, 16 s). Figures:
 * connection attempts per 100 ms at the server, the time until 99% are connected again, peak/mean
 * after the return and the attempt rate while down (goals in storm-sweep.ts). Four runs:
 *
 *  - sweep:   the grid of (base, cap, jitter) that chose the defaults (model, every outage);
 *  - model:   10,000 clients, the real backoffDelay() on virtual time (no sockets);
 *  - virtual: 10,000 real ConnectionManagers on a VirtualClock over the in-memory transport
 *             (the whole manager: failure counting, timers, handshake with real crypto);
 *  - real:    1,000 real ConnectionManagers in this process against the test server over
 *             loopback TCP, in real time (stopListening for the outage, startListening after).
 *
 *   npx tsx bench/run-all.ts storm
 */
import { createConnection, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CONNECTION_DEFAULTS } from '../src/main/im';
import { MemoryServer, MemorySocket } from '../src/main/im/manager/testing/memory-transport';
import { Fleet, MANAGER_POLICIES, type ManagerPolicy } from './lib/fleet';
import { benchServer, until } from './lib/live';
import {
  goalMark,
  printTable,
  seconds,
  writeResult,
  type BenchOutcome,
  type GoalRow,
} from './lib/report';
import {
  checkGoals,
  GOAL_DOWN_RATE,
  GOAL_T99_AFTER_RETURN_MS,
  peakGoal,
  runSweep,
  STORM_OUTAGES_MS,
} from './storm-sweep';
import {
  DEFAULT_STORM,
  doublingPolicy,
  fixedPolicy,
  jitterName,
  oursPolicy,
  simulateStorm,
  stormMetrics,
  type StormMetrics,
  type StormOutcome,
} from './lib/storm-model';
import { VirtualClock } from './lib/virtual-clock';

export interface StormBenchOptions {
  /** which runs (default all four) */
  parts?: ('sweep' | 'model' | 'virtual' | 'real')[];
  modelClients?: number;
  virtualClients?: number;
  realClients?: number;
  /** outage lengths of the model and virtual runs (default 5, 10, 60, 300 s) */
  outagesMs?: readonly number[];
  /** outage length of the real-TCP run (default 10 s: it runs in real time) */
  realDownMs?: number;
}

/** "nearly all attempts in one bucket" for the fixed interval */
const FIXED_SHARE = 0.9;

function tableRows(metrics: StormMetrics[]): string[][] {
  return metrics.map((m) => [
    m.policy,
    m.attempts.toLocaleString('en-US'),
    m.attemptsWhileDown.toLocaleString('en-US'),
    m.peakAll.toLocaleString('en-US'),
    m.peakAfterReturn.toLocaleString('en-US'),
    m.meanAfterReturn.toFixed(1),
    `${m.peakToMean.toFixed(2)}x`,
    `${(m.peakShare * 100).toFixed(1)}%`,
    `${(m.peak500Share * 100).toFixed(1)}%`,
    seconds(m.t99AfterReturnMs, 2),
    seconds(m.lastBackAfterReturnMs, 2),
    `${m.peakToMeanToLast.toFixed(2)}x`,
    m.downAttemptsPerClientPer4s === null ? '-' : m.downAttemptsPerClientPer4s.toFixed(2),
  ]);
}

const HEAD = [
  'policy',
  'attempts',
  'while down',
  'peak/100ms all',
  'peak/100ms after return',
  'mean after return',
  'peak/mean',
  'busiest bucket',
  'busiest 500 ms',
  '99% back after return',
  'last back after return',
  'peak/mean to last',
  'per client per 4 s while down (after 30 s)',
];

function runModel(
  clients: number,
  downMs: number,
): { main: StormMetrics[]; whatIf: StormMetrics[] } {
  const p = { ...DEFAULT_STORM, clients, downMs };
  const base = CONNECTION_DEFAULTS.reconnectIntervalMs;
  const cap = CONNECTION_DEFAULTS.backoffCapMs;
  const jitter = CONNECTION_DEFAULTS.backoffJitter;
  const main = [oursPolicy(base, cap, jitter), fixedPolicy(), doublingPolicy()].map((pol) =>
    stormMetrics(simulateStorm(pol, p)),
  );
  // Not our configuration: the previous defaults (full jitter, base 1 s, cap 30 s), for comparison.
  const whatIf = [stormMetrics(simulateStorm(oursPolicy(1_000, 30_000, 1), p))].map((m) => ({
    ...m,
    policy: 'before: full jitter, base 1 s, cap 30 s',
  }));
  printTable(
    `storm / model: ${clients.toLocaleString('en-US')} clients, server down ${downMs / 1000} s, real backoffDelay() on virtual time, 100 ms buckets`,
    HEAD,
    tableRows([...main, ...whatIf]),
  );
  return { main, whatIf };
}

async function runVirtual(
  policy: ManagerPolicy,
  clients: number,
  downMs: number,
): Promise<StormMetrics> {
  const clock = new VirtualClock();
  const server = new MemoryServer({ users: null });
  const fleet = new Fleet({
    size: clients,
    policy,
    address: { host: 'memory', port: 5100 },
    socketFactory: (endpoint) => {
      const socket = new MemorySocket(endpoint);
      server.accept(socket);
      // The manager only uses the net.Socket surface MemorySocket implements.
      return socket as unknown as Socket;
    },
    clock,
    now: () => clock.now(),
    uid: (i) => `storm-${i}`,
    token: (i) => `storm-token-${i}`,
  });
  try {
    for (const m of fleet.managers) m.connect();
    // Established long before the crash: past stableAfterMs, like a fleet in steady state.
    await clock.advance(CONNECTION_DEFAULTS.stableAfterMs + 1_000);
    if (fleet.connectedCount !== clients) {
      throw new Error(
        `virtual storm: only ${fleet.connectedCount}/${clients} connected before the outage`,
      );
    }
    const t0 = clock.now();
    fleet.mark();
    server.restart(true);
    await clock.advanceTo(t0 + downMs - 1);
    server.startListening();
    // Long enough for the doubling baseline's next attempt (up to 64 s) after a long outage.
    const horizon = t0 + downMs + 120_000;
    while (fleet.backCount < clients && clock.now() < horizon) await clock.advance(1_000);
  } finally {
    fleet.dispose();
    server.stop();
  }
  return stormMetrics(outcome(policy, fleet, clients, downMs));
}

function outcome(
  policy: ManagerPolicy,
  fleet: Fleet,
  clients: number,
  downMs: number,
): StormOutcome {
  return {
    policy: policy.name,
    describe: policy.describe,
    clients,
    downMs,
    bucketMs: DEFAULT_STORM.bucketMs,
    attemptTimes: fleet.attemptTimes,
    backAt: fleet.backAt,
  };
}

interface RealRun {
  metrics: StormMetrics;
  /** how long this one process took until every manager had noticed the loss */
  lossNoticedWithinMs: number | null;
  /** when startListening() had resolved, ms after the outage began */
  returnedAtMs: number;
  serverAcceptedAfterReturn: number;
  connectSetupMs: number;
}

async function runReal(policy: ManagerPolicy, clients: number, downMs: number): Promise<RealRun> {
  const users = Array.from({ length: clients }, (_, i) => ({
    uid: `storm-${i}`,
    token: `storm-token-${i}`,
  }));
  const server = await benchServer(users);
  const fleet = new Fleet({
    size: clients,
    policy,
    address: { host: server.host, port: server.tcpPort },
    socketFactory: (endpoint) => createConnection({ host: endpoint.host, port: endpoint.port }),
    now: () => performance.now(),
    uid: (i) => `storm-${i}`,
    token: (i) => `storm-token-${i}`,
  });
  try {
    const setupStart = performance.now();
    // Connect in batches so the listen backlog (511) never overflows before the outage.
    for (let i = 0; i < clients; i += 100) {
      for (const m of fleet.managers.slice(i, i + 100)) m.connect();
      const target = Math.min(clients, i + 100);
      await until(() => fleet.connectedCount >= target, 30_000, `${target} connected`, 5);
    }
    const connectSetupMs = performance.now() - setupStart;
    fleet.mark();
    const t0 = performance.now();
    await server.stopListening();
    const wait = downMs - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    server.resetStats();
    await server.startListening();
    const returnedAtMs = performance.now() - t0;
    const horizonMs = downMs + 1.5 * CONNECTION_DEFAULTS.backoffCapMs + 5_000;
    await until(
      () => fleet.backCount >= clients || performance.now() - t0 > horizonMs,
      horizonMs + 5_000,
      'fleet back',
      20,
    ).catch(() => undefined);
    const serverAcceptedAfterReturn = server.stats.tcpAccepted;
    const metrics = stormMetrics(outcome(policy, fleet, clients, returnedAtMs));
    const lost = fleet.lostAt.filter((t): t is number => t !== null);
    const lossNoticedWithinMs = lost.length === clients ? Math.max(...lost) : null;
    return {
      metrics,
      lossNoticedWithinMs,
      returnedAtMs,
      serverAcceptedAfterReturn,
      connectSetupMs,
    };
  } finally {
    fleet.dispose();
    await server.stop();
  }
}

/** The soft limit on open files, from /proc (Linux) or null. */
function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

export async function runStormBench(opts: StormBenchOptions = {}): Promise<BenchOutcome> {
  const parts = opts.parts ?? ['sweep', 'model', 'virtual', 'real'];
  const outages = opts.outagesMs ?? STORM_OUTAGES_MS;
  const realDownMs = opts.realDownMs ?? 10_000;
  const goals: GoalRow[] = [];
  const data: Record<string, unknown> = {
    outagesMs: outages,
    realDownMs,
    bucketMs: DEFAULT_STORM.bucketMs,
    defaults: {
      reconnectIntervalMs: CONNECTION_DEFAULTS.reconnectIntervalMs,
      backoffCapMs: CONNECTION_DEFAULTS.backoffCapMs,
      backoffJitter: CONNECTION_DEFAULTS.backoffJitter,
    },
  };

  /** The three storm goals for our policy in one run and outage. */
  const addStormGoals = (run: string, m: StormMetrics | undefined, downMs: number): void => {
    if (!m) return;
    const g = checkGoals(m, downMs);
    const item = `storm/${run}, down ${downMs / 1000} s`;
    goals.push({
      item,
      metric: 'ours: 99% connected, after the server returned',
      measured: seconds(m.t99AfterReturnMs, 2),
      goal: `<= ${GOAL_T99_AFTER_RETURN_MS / 1000} s`,
      met: g.t99,
    });
    goals.push({
      item,
      metric: `ours: peak per 100 ms after return / mean until the last is back (peak ${m.histogram.reduce((a, b) => Math.max(a, b), 0)}, mean ${m.meanToLast.toFixed(1)})`,
      measured: `${m.peakToMeanToLast.toFixed(2)}x`,
      goal: `<= ${peakGoal(downMs)}x`,
      met: g.peak,
    });
    if (m.downAttemptsPerClientPer4s !== null) {
      goals.push({
        item,
        metric: 'ours: attempts per client per 4 s while down, after the first 30 s',
        measured: m.downAttemptsPerClientPer4s.toFixed(2),
        goal: `<= ${GOAL_DOWN_RATE}`,
        met: g.down,
      });
    }
  };

  /** Baseline figures (no goals): how the SDKs' schedules compare. */
  const addComparison = (run: string, ms: StormMetrics[], downMs: number): void => {
    const item = `storm/${run}, down ${downMs / 1000} s`;
    goals.push({
      item,
      metric: '99% back after the return: ours / fixed / doubling',
      measured: ms.map((m) => seconds(m.t99AfterReturnMs)).join(' / '),
      goal: '-',
      met: null,
    });
    goals.push({
      item,
      metric: 'peak per 100 ms after return: ours / fixed / doubling',
      measured: ms.map((m) => m.peakAfterReturn.toLocaleString('en-US')).join(' / '),
      goal: '-',
      met: null,
    });
    const fixed = ms.find((m) => m.policy === 'fixed');
    if (fixed) {
      goals.push({
        item,
        metric: 'fixed 3 s: share of post-return attempts in the busiest bucket',
        measured: `${(fixed.peakShare * 100).toFixed(1)}% (${fixed.peakAfterReturn} attempts)`,
        goal: `>= ${FIXED_SHARE * 100}% (baseline spikes)`,
        met: fixed.peakShare >= FIXED_SHARE,
      });
    }
  };

  if (parts.includes('sweep')) {
    const rows = runSweep(opts.modelClients ?? 10_000);
    const chosen = rows.find(
      (r) =>
        r.name ===
        `${jitterName(CONNECTION_DEFAULTS.backoffJitter)}, base ${CONNECTION_DEFAULTS.reconnectIntervalMs / 1000} s, cap ${CONNECTION_DEFAULTS.backoffCapMs / 1000} s`,
    );
    data.sweep = rows.map((r) => ({
      name: r.name,
      meetsAll: r.meetsAll,
      perOutage: r.perOutage.map((o) => ({
        downMs: o.downMs,
        t99AfterReturnMs: o.metrics.t99AfterReturnMs,
        peakToMeanToLast: o.metrics.peakToMeanToLast,
        downAttemptsPerClientPer4s: o.metrics.downAttemptsPerClientPer4s,
      })),
    }));
    goals.push({
      item: 'storm/sweep',
      metric: 'grid policies meeting every goal for every outage / all',
      measured: `${rows.filter((r) => r.meetsAll).length} / ${rows.length}`,
      goal: '-',
      met: null,
    });
    goals.push({
      item: 'storm/sweep',
      metric: 'the defaults meet every goal for every outage',
      measured: chosen ? (chosen.meetsAll ? 'yes' : 'no') : 'not in the grid',
      goal: 'yes',
      met: chosen?.meetsAll ?? false,
    });
  }

  if (parts.includes('model')) {
    const perOutage: Record<string, StormMetrics[]> = {};
    for (const downMs of outages) {
      const model = runModel(opts.modelClients ?? 10_000, downMs);
      perOutage[String(downMs)] = strip([...model.main, ...model.whatIf]);
      addStormGoals('model', model.main[0], downMs);
      addComparison('model', model.main, downMs);
    }
    data.model = perOutage;
  }

  if (parts.includes('virtual')) {
    const clients = opts.virtualClients ?? 10_000;
    const perOutage: Record<string, unknown> = {};
    for (const downMs of outages) {
      const metrics: StormMetrics[] = [];
      const wall: Record<string, number> = {};
      // The baselines only at 10 s (the model has them for every outage): they are slow to end.
      const policies = downMs === 10_000 ? MANAGER_POLICIES : MANAGER_POLICIES.slice(0, 1);
      for (const policy of policies) {
        const start = performance.now();
        metrics.push(await runVirtual(policy, clients, downMs));
        wall[policy.name] = performance.now() - start;
      }
      printTable(
        `storm / virtual: ${clients.toLocaleString('en-US')} real ConnectionManagers, in-memory server, virtual time, down ${downMs / 1000} s`,
        HEAD,
        tableRows(metrics),
      );
      perOutage[String(downMs)] = { wallMs: wall, metrics: strip(metrics) };
      addStormGoals('virtual', metrics[0], downMs);
      if (metrics.length > 1) addComparison('virtual', metrics, downMs);
    }
    data.virtual = {
      clients,
      policies: MANAGER_POLICIES.map((p) => p.describe),
      perOutage,
    };
  }

  if (parts.includes('real')) {
    const clients = opts.realClients ?? 1_000;
    const downMs = realDownMs;
    const fdLimit = openFileLimit();
    // Each client holds one socket and the server one more: 2 descriptors per client.
    const fdNeeded = 2 * clients + 100;
    if (fdLimit !== null && fdLimit < fdNeeded) {
      console.log(
        `\n! open-file limit ${fdLimit} < ${fdNeeded} needed; raise it (ulimit -n ${fdNeeded}) for the real storm`,
      );
    }
    const runs: RealRun[] = [];
    for (const policy of MANAGER_POLICIES) runs.push(await runReal(policy, clients, downMs));
    printTable(
      `storm / real: ${clients.toLocaleString('en-US')} ConnectionManagers in one process, test server over loopback, real time, down ${downMs / 1000} s (open-file limit ${fdLimit ?? 'unknown'})`,
      HEAD,
      tableRows(runs.map((r) => r.metrics)),
    );
    for (const r of runs) {
      console.log(
        `  ${r.metrics.policy}: all ${clients} noticed the loss within ${r.lossNoticedWithinMs === null ? '-' : r.lossNoticedWithinMs.toFixed(0)} ms, ` +
          `server back at ${(r.returnedAtMs / 1000).toFixed(2)} s, ${r.serverAcceptedAfterReturn} TCP accepts after the return, initial connect of the fleet ${(r.connectSetupMs / 1000).toFixed(1)} s`,
      );
    }
    data.real = {
      clients,
      openFileLimit: fdLimit,
      runs: runs.map((r) => ({ ...r, metrics: strip([r.metrics])[0] })),
    };
    addStormGoals('real', runs[0]?.metrics, downMs);
    addComparison(
      'real',
      runs.map((r) => r.metrics),
      downMs,
    );
    goals.push({
      item: 'storm/real',
      metric: 'one process noticed the loss on all clients within: ours / fixed / doubling',
      measured: runs
        .map((r) =>
          r.lossNoticedWithinMs === null ? '-' : `${r.lossNoticedWithinMs.toFixed(0)} ms`,
        )
        .join(' / '),
      goal: '-',
      met: null,
    });
    goals.push({
      item: 'storm/real',
      metric: 'open-file limit (ulimit -n) / descriptors needed',
      measured: `${fdLimit ?? 'unknown'} / ~${fdNeeded}`,
      goal: '-',
      met: null,
    });
  }

  printTable(
    'storm goals',
    ['run', 'metric', 'measured', 'goal', ''],
    goals.map((g) => [g.item, g.metric, g.measured, g.goal, goalMark(g.met)]),
    4,
  );
  writeResult('storm', data);
  return { name: 'storm', goals, data };
}

/** The JSON keeps the first 300 buckets of each histogram (30 s), enough to plot the return. */
function strip(ms: StormMetrics[]): StormMetrics[] {
  return ms.map((m) => ({ ...m, histogram: m.histogram.slice(0, 300) }));
}
