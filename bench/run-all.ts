/**
 * Runs the benchmarks and prints their speed and memory goals met or missed (not a test: figures depend on
 * the machine). Each item prints its table and writes bench/results/<item>.json; this writes
 * bench/results/summary.json.
 *
 *   npm run bench                      all items (about 25 minutes on 2 cores; the storm takes most of it)
 *   npx tsx bench/run-all.ts storm     one item (or several: connect recovery)
 *
 * Items: codec, connect, recovery, storm, soak, bundle, sync, messaging, search, payload, ui (needs
 * `npm run build`).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { runBundleBench } from './bundle.bench';
import { runConnectBench } from './connect.bench';
import { runMessagingBench } from './messaging.bench';
import { runPayloadBench } from './payload.bench';
import { activeResources, settleResources } from './lib/gc';
import {
  goalMark,
  machineInfo,
  printTable,
  writeResult,
  type BenchOutcome,
  type GoalRow,
} from './lib/report';
import { runRecoveryBench } from './recovery.bench';
import { runSearchBench } from './search.bench';
import { runSoakBench } from './soak.bench';
import { runStormBench } from './storm.bench';
import { runSyncBench } from './sync.bench';
import { runUiBench } from './ui.bench';

const CODEC_GOAL_RATIO = 20;

/** The codec bench belongs to the protocol work; it is loaded lazily so its absence is reported. */
async function runCodec(): Promise<BenchOutcome> {
  let mod: { runCodecBench?: (o?: object) => Promise<CodecResultLike> };
  try {
    mod = (await import('./codec.bench')) as typeof mod;
  } catch (err) {
    throw new Error(`codec bench missing: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (typeof mod.runCodecBench !== 'function')
    throw new Error('codec bench missing: no runCodecBench export');
  const result = await mod.runCodecBench();
  const goals: GoalRow[] = result.rows
    .filter((r) => r.ratio !== null)
    .map((r) => ({
      item: 'codec',
      metric: `${r.name.trim()}: ours / wukongimjssdk`,
      measured: `${(r.ratio as number).toFixed(1)}x`,
      goal: `>= ${CODEC_GOAL_RATIO}x`,
      met: (r.ratio as number) >= CODEC_GOAL_RATIO,
    }));
  return { name: 'codec', goals, data: result };
}

/** The part of bench/codec.bench.ts's result this runner reads. */
interface CodecResultLike {
  rows: { name: string; ratio: number | null }[];
}

const ITEMS: Record<string, () => Promise<BenchOutcome>> = {
  codec: runCodec,
  connect: () => runConnectBench(),
  recovery: () => runRecoveryBench(),
  storm: () => runStormBench(),
  soak: () => runSoakBench(),
  bundle: () => runBundleBench(),
  sync: () => runSyncBench(),
  messaging: () => runMessagingBench(),
  search: () => runSearchBench(),
  payload: () => runPayloadBench(),
  ui: () => runUiBench(),
};

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !(a in ITEMS));
  if (unknown.length > 0) {
    console.error(
      `unknown item(s): ${unknown.join(', ')}; items: ${Object.keys(ITEMS).join(', ')}`,
    );
    return 2;
  }
  const names = args.length > 0 ? args : Object.keys(ITEMS);
  const machine = machineInfo();
  const loadStart = os.loadavg();
  console.log(
    `WuKong Desktop benchmarks: ${names.join(', ')}\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; load average ${loadStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  if ((loadStart[0] ?? 0) > machine.cores) {
    console.log('! the machine is busy (load average above the core count): timings will be noisy');
  }

  const goals: GoalRow[] = [];
  const durations: Record<string, number> = {};
  const errors: Record<string, string> = {};
  const leftovers: Record<string, Record<string, number>> = {};
  const start = performance.now();
  for (const name of names) {
    const run = ITEMS[name] as () => Promise<BenchOutcome>;
    const before = activeResources();
    const t0 = performance.now();
    try {
      const outcome = await run();
      goals.push(...outcome.goals);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors[name] = message;
      console.error(`\n${name} failed: ${message}`);
      goals.push({
        item: name,
        metric: 'run',
        measured: `error: ${message.split('\n')[0]}`,
        goal: 'runs',
        met: false,
      });
    }
    durations[name] = performance.now() - t0;
    // Every bench closes what it opened; report anything still open once closes settled.
    const left = await settleResources(before);
    if (Object.keys(left).length > 0) {
      leftovers[name] = left;
      console.log(`! ${name} left handles open: ${JSON.stringify(left)}`);
    }
  }
  const totalMs = performance.now() - start;

  printTable(
    'summary (goals)',
    ['item', 'metric', 'measured', 'goal', 'result'],
    goals.map((g) => [g.item, g.metric, g.measured, g.goal, goalMark(g.met)]),
    4,
  );
  const met = goals.filter((g) => g.met === true).length;
  const missed = goals.filter((g) => g.met === false).length;
  console.log(
    `\n${met} goals met, ${missed} missed; ${names.map((n) => `${n} ${((durations[n] ?? 0) / 1000).toFixed(1)} s`).join(', ')}; total ${(totalMs / 1000).toFixed(1)} s`,
  );
  const file = writeResult('summary', {
    items: names,
    loadAverage: { start: loadStart, end: os.loadavg() },
    durationsMs: durations,
    totalMs,
    goals,
    errors,
    leftoverHandles: leftovers,
  });
  console.log(`results: ${file}`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

process.exitCode = await main();
