/**
 * Opt-in CPU profiles of a page phase (UI_BENCH_PROFILE=<folder>): one of the page (Chromium) and
 * one of this Node process (where the web host runs the app's services), as `.cpuprofile` files
 * that DevTools opens, plus the top functions by self time, so a missed goal can be traced to
 * code instead of guessed at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
}

/** Self time per function (name + file:line), largest first. */
export function topSelfTimes(profile: CpuProfile, top = 15): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  return [...totals.entries()]
    .map(([fn, ms]) => ({ fn, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  args?: { beginData?: Record<string, unknown>; elementCount?: number };
}

/** The page's style and layout passes of a trace, longest first: where "(program)" time went. */
export function topRenderingWork(events: readonly TraceEvent[], top = 8): string[] {
  const names = new Set(['Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize']);
  return events
    .filter((e) => names.has(e.name) && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => b.dur! - a.dur!)
    .slice(0, top)
    .map((e) => {
      const data = e.args?.beginData ?? {};
      const objects =
        e.name === 'Layout'
          ? ` dirty ${String(data['dirtyObjects'])}/${String(data['totalObjects'])} objects`
          : e.name === 'UpdateLayoutTree'
            ? ` ${String(e.args?.elementCount ?? '?')} elements`
            : '';
      return `${(e.dur! / 1000).toFixed(1).padStart(8)} ms  ${e.name}${objects}`;
    });
}

export interface PhaseProfiler {
  /** Runs `phase` under the profiler when profiling is on; otherwise just runs it. */
  around<T>(name: string, phase: () => Promise<T>): Promise<T>;
}

export async function phaseProfiler(
  page: Page,
  folder: string | undefined,
): Promise<PhaseProfiler> {
  if (!folder) return { around: (_name, phase) => phase() };
  mkdirSync(folder, { recursive: true });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const host = new Session();
  host.connect();
  await host.post('Profiler.enable');
  await host.post('Profiler.setSamplingInterval', { interval: 100 });
  const report = (name: string, profile: CpuProfile): void => {
    const file = path.join(folder, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`ui: profile of "${name}" in ${file}; top self time:`);
    for (const row of topSelfTimes(profile)) {
      console.log(`  ${row.ms.toFixed(1).padStart(8)} ms  ${row.fn}`);
    }
  };
  return {
    async around(name, phase) {
      const browser = page.context().browser();
      await browser?.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
      });
      await cdp.send('Profiler.start');
      await host.post('Profiler.start');
      try {
        return await phase();
      } finally {
        const inPage = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
        const inHost = (await host.post('Profiler.stop')) as { profile: CpuProfile };
        report(`${name}-page`, inPage.profile);
        report(`${name}-host`, inHost.profile);
        const trace = await browser?.stopTracing();
        if (trace) {
          const file = path.join(folder, `${name}-trace.json`);
          writeFileSync(file, trace);
          const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
          console.log(`ui: trace of "${name}" in ${file}; longest rendering steps:`);
          for (const line of topRenderingWork(parsed.traceEvents)) console.log(`  ${line}`);
        }
      }
    },
  };
}
