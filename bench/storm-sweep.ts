/**
 * The backoff sweep that chose the defaults: every (base, cap, jitter) of a small grid, plus the
 * JS SDK's fixed 3 s and the iOS SDK's doubling, through the storm model (10,000 clients, the real
 * backoffDelay() on virtual time) for outages of 5, 10, 60 and 300 s, against the three goals:
 *
 *  - 99% of clients connected within 10 s of the server's return, for every outage;
 *  - peak attempts per 100 ms after the return <= 2x the mean (<= 3x for the 5 s outage), the mean
 *    being all attempts after the return over the time until the last client is back;
 *  - while down, after the first 30 s: at most one attempt per client per 4 s on average.
 */
import { printTable } from './lib/report';
import {
  DEFAULT_STORM,
  doublingPolicy,
  fixedPolicy,
  jitterName,
  oursPolicy,
  simulateStorm,
  stormMetrics,
  type StormMetrics,
  type StormPolicy,
} from './lib/storm-model';

export const STORM_OUTAGES_MS = [5_000, 10_000, 60_000, 300_000] as const;
export const GOAL_T99_AFTER_RETURN_MS = 10_000;
export const GOAL_DOWN_RATE = 1;

/** The peak/mean goal for an outage: 3x for short ones (the fleet is still ramping), else 2x. */
export function peakGoal(downMs: number): number {
  return downMs < 10_000 ? 3 : 2;
}

export interface GoalCheck {
  t99: boolean;
  peak: boolean;
  down: boolean;
}

export function checkGoals(m: StormMetrics, downMs: number): GoalCheck {
  return {
    t99: m.t99AfterReturnMs !== null && m.t99AfterReturnMs <= GOAL_T99_AFTER_RETURN_MS,
    peak: m.peakToMeanToLast <= peakGoal(downMs),
    down: m.downAttemptsPerClientPer4s === null || m.downAttemptsPerClientPer4s <= GOAL_DOWN_RATE,
  };
}

export const allMet = (g: GoalCheck): boolean => g.t99 && g.peak && g.down;

export interface SweepRow {
  name: string;
  describe: string;
  perOutage: { downMs: number; metrics: StormMetrics; goals: GoalCheck }[];
  meetsAll: boolean;
}

export interface SweepGrid {
  bases: number[];
  caps: number[];
  jitters: number[];
}

export const DEFAULT_GRID: SweepGrid = {
  bases: [1_000, 1_500, 2_000, 3_000],
  caps: [5_000, 6_000, 7_000, 8_000, 10_000, 30_000],
  jitters: [1, 0.75, 0.6, 0.5, 0.25],
};

function sweepPolicies(grid: SweepGrid): { name: string; policy: StormPolicy }[] {
  const out: { name: string; policy: StormPolicy }[] = [];
  for (const jitter of grid.jitters) {
    for (const base of grid.bases) {
      for (const cap of grid.caps) {
        out.push({
          name: `${jitterName(jitter)}, base ${base / 1000} s, cap ${cap / 1000} s`,
          policy: oursPolicy(base, cap, jitter),
        });
      }
    }
  }
  out.push({ name: 'JS SDK: fixed 3 s', policy: fixedPolicy() });
  out.push({ name: 'iOS SDK: doubling from 2 s', policy: doublingPolicy() });
  return out;
}

function cell(m: StormMetrics, g: GoalCheck): string {
  const t99 = m.t99AfterReturnMs === null ? 'never' : `${(m.t99AfterReturnMs / 1000).toFixed(1)}s`;
  const down =
    m.downAttemptsPerClientPer4s === null ? '' : ` ${m.downAttemptsPerClientPer4s.toFixed(2)}/4s`;
  return `${t99}${g.t99 ? '' : '!'} ${m.peakToMeanToLast.toFixed(1)}x${g.peak ? '' : '!'}${down}${g.down ? '' : '!'}`;
}

export function runSweep(
  clients = DEFAULT_STORM.clients,
  grid: SweepGrid = DEFAULT_GRID,
): SweepRow[] {
  const rows: SweepRow[] = sweepPolicies(grid).map(({ name, policy }) => {
    const perOutage = STORM_OUTAGES_MS.map((downMs) => {
      const metrics = stormMetrics(simulateStorm(policy, { ...DEFAULT_STORM, clients, downMs }));
      return { downMs, metrics, goals: checkGoals(metrics, downMs) };
    });
    return {
      name,
      describe: policy.describe,
      perOutage,
      meetsAll: perOutage.every((o) => allMet(o.goals)),
    };
  });
  printTable(
    `storm / sweep: ${clients.toLocaleString('en-US')} clients, real backoffDelay() on virtual time; per outage: 99% back after the return, peak/mean per 100 ms, attempts per client per 4 s while down after 30 s ("!" = goal missed)`,
    ['policy', ...STORM_OUTAGES_MS.map((d) => `down ${d / 1000} s`), 'all goals'],
    rows.map((r) => [
      r.name,
      ...r.perOutage.map((o) => cell(o.metrics, o.goals)),
      r.meetsAll ? 'yes' : 'no',
    ]),
  );
  return rows;
}
