/** Shared output of the benchmarks: machine facts, goal rows, tables and the JSON files. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'results',
);

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    os: `${distro() ?? os.type()} (kernel ${os.release()})`,
  };
}

/** PRETTY_NAME from /etc/os-release on Linux, else null. */
function distro(): string | null {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return m?.[1] ?? null;
  } catch {
    return null;
  }
}

/** One line of the summary: a figure against its goal (the goals are set in run-all.ts). */
export interface GoalRow {
  item: string;
  metric: string;
  measured: string;
  goal: string;
  /** null = informational, no goal */
  met: boolean | null;
}

/** What every bench returns to run-all. */
export interface BenchOutcome {
  name: string;
  goals: GoalRow[];
  /** written to bench/results/<name>.json */
  data: unknown;
}

/** JSON with bigint support; returns the file path. */
export function writeResult(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const json = JSON.stringify(
    {
      bench: name,
      generatedAt: new Date().toISOString(),
      machine: machineInfo(),
      ...asObject(data),
    },
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    2,
  );
  writeFileSync(file, `${json}\n`);
  return file;
}

function asObject(data: unknown): Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : { data };
}

/** Prints an aligned text table; the first `leftColumns` are left-aligned, the rest right-aligned. */
export function printTable(title: string, head: string[], rows: string[][], leftColumns = 1): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}\n`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function ms(v: number | null, digits = 2): string {
  if (v === null || !Number.isFinite(v)) return '-';
  return `${v.toFixed(digits)} ms`;
}

export function seconds(v: number | null, digits = 1): string {
  if (v === null || !Number.isFinite(v)) return 'never';
  return `${(v / 1000).toFixed(digits)} s`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function goalMark(met: boolean | null): string {
  if (met === null) return 'info';
  return met ? 'met' : 'MISSED';
}
