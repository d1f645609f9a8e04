/**
 * Soak: does the manager leak or burn CPU over a long life?
 *
 *  - cycles:   10,000 connect / disconnect(true) cycles on a VirtualClock over the in-memory
 *              transport (real codec and crypto), then 1,000 more over real TCP to the test server;
 *  - flapping: 1 hour of virtual time with the network going off and on every few seconds
 *              (off 1-5 s, on 1-10 s, heartbeat every 5 s so the PING path runs too);
 *  - idle CPU: process.cpuUsage over a few seconds of real time while offline (connect()ed,
 *              network down) and while connected and idle (real clock, real TCP).
 *
 * Heap is compared after forced GC against a warmed-up baseline; at the end the manager must
 * hold no timers or sockets, the virtual clock no timers, and the process no new handles.
 *
 *   npx tsx bench/run-all.ts soak
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ConnectionManager, seededRandom } from '../src/main/im';
import { MemoryServer, MemorySocket } from '../src/main/im/manager/testing/memory-transport';
import { activeResources, settleResources, settledHeap } from './lib/gc';
import {
  benchManager,
  benchServer,
  isConnected,
  timeToConnected,
  until,
  waitForSnapshot,
} from './lib/live';
import { median } from './lib/stats';
import {
  goalMark,
  kib,
  printTable,
  writeResult,
  type BenchOutcome,
  type GoalRow,
} from './lib/report';
import { turn, VirtualClock } from './lib/virtual-clock';

export interface SoakBenchOptions {
  cycles?: number;
  realCycles?: number;
  flapHours?: number;
  /** real-time window for each CPU sample (default 1 s) */
  cpuWindowMs?: number;
  /** CPU samples per state (default 5) */
  cpuWindows?: number;
}

const HEAP_GOAL_BYTES = 2 * 1024 * 1024;

interface LeakCheck {
  heapGrowthBytes: number;
  managerTimers: number;
  managerSocket: boolean;
  virtualTimers: number;
  serverConnections: number;
  /** process resources that were not there before, after closing handles settled */
  newHandles: Record<string, number>;
}

function virtualRig(seed: number) {
  const clock = new VirtualClock();
  const server = new MemoryServer({ users: null });
  const manager = new ConnectionManager({
    address: { host: 'memory', port: 5100 },
    connectInfo: () => Promise.resolve({ uid: 'soak', token: 'soak-token' }),
    deviceId: 'soak-device',
    clock,
    random: seededRandom(seed),
    heartbeatIntervalMs: 5_000,
    pongTimeoutMs: 2_000,
    socketFactory: (endpoint) => {
      const socket = new MemorySocket(endpoint);
      server.accept(socket);
      // The manager only uses the net.Socket surface MemorySocket implements.
      return socket as unknown as Socket;
    },
  });
  return { clock, server, manager };
}

async function connectVirtual(clock: VirtualClock, manager: ConnectionManager): Promise<void> {
  manager.connect();
  for (let i = 0; i < 20 && !manager.isConnected; i += 1) await clock.advance(0);
  if (!manager.isConnected) throw new Error(`soak: not connected (${manager.snapshot().reason})`);
}

async function cyclesVirtual(cycles: number): Promise<LeakCheck & { wallMs: number }> {
  const baseline = activeResources();
  const { clock, server, manager } = virtualRig(7);
  const cycle = async (): Promise<void> => {
    await connectVirtual(clock, manager);
    manager.disconnect(true);
    await turn();
    // The in-memory server keeps every CONNECT for the tests; that is the double's memory, not ours.
    server.connectPackets.length = 0;
  };
  for (let i = 0; i < 200; i += 1) await cycle(); // warm-up: JIT, caches, diagnostics ring full
  const heap0 = await settledHeap();
  const start = performance.now();
  for (let i = 0; i < cycles; i += 1) await cycle();
  const wallMs = performance.now() - start;
  const heap1 = await settledHeap();
  const live = manager.liveResources;
  const check: LeakCheck & { wallMs: number } = {
    heapGrowthBytes: heap1 - heap0,
    managerTimers: live.timers,
    managerSocket: live.socket,
    virtualTimers: clock.pendingTimers,
    serverConnections: server.conns.size,
    newHandles: await settleResources(baseline),
    wallMs,
  };
  server.stop();
  return check;
}

async function cyclesReal(cycles: number): Promise<LeakCheck & { wallMs: number }> {
  const baseline = activeResources();
  const user = { uid: 'soak-real', token: 'soak-real-token' };
  const server = await benchServer([user]);
  const manager = benchManager(server, user);
  const cycle = async (): Promise<void> => {
    await timeToConnected(manager, () => manager.connect(), 5_000);
    manager.disconnect(true);
    await until(() => server.online(user.uid).length === 0, 5_000, 'server to see the close');
  };
  let check: LeakCheck & { wallMs: number };
  try {
    for (let i = 0; i < 100; i += 1) await cycle();
    const heap0 = await settledHeap();
    const start = performance.now();
    for (let i = 0; i < cycles; i += 1) await cycle();
    const wallMs = performance.now() - start;
    const heap1 = await settledHeap();
    const live = manager.liveResources;
    check = {
      heapGrowthBytes: heap1 - heap0,
      managerTimers: live.timers,
      managerSocket: live.socket,
      virtualTimers: 0,
      serverConnections: server.online().length,
      newHandles: {},
      wallMs,
    };
  } finally {
    manager.disconnect(true);
    await server.stop();
  }
  // Measured after the server is gone too: only what the manager could have left behind remains.
  check.newHandles = await settleResources(baseline);
  return check;
}

async function flapping(
  hours: number,
): Promise<LeakCheck & { wallMs: number; flaps: number; connects: number; timersFired: number }> {
  const baseline = activeResources();
  const { clock, server, manager } = virtualRig(11);
  const random = seededRandom(99);
  const between = (lo: number, hi: number): number => Math.round(lo + random() * (hi - lo));
  let connects = 0;
  manager.on('snapshot', (s) => {
    if (s.status === 'connected') connects += 1;
  });
  let flaps = 0;
  const flap = async (): Promise<void> => {
    await clock.advance(between(1_000, 10_000)); // online
    manager.setNetworkOnline(false);
    await clock.advance(between(1_000, 5_000)); // offline
    manager.setNetworkOnline(true);
    flaps += 1;
    server.connectPackets.length = 0;
  };
  await connectVirtual(clock, manager);
  // Warm-up: the first 5 virtual minutes are not counted in the heap figure.
  const warmEnd = clock.now() + 5 * 60_000;
  while (clock.now() < warmEnd) await flap();
  const heap0 = await settledHeap();
  const start = performance.now();
  const end = clock.now() + hours * 3_600_000;
  flaps = 0;
  connects = 0;
  const fired0 = clock.fired;
  while (clock.now() < end) await flap();
  await clock.advance(1_000);
  const wallMs = performance.now() - start;
  const connectedAtEnd = manager.isConnected;
  manager.disconnect(true);
  await turn();
  const heap1 = await settledHeap();
  const live = manager.liveResources;
  const check = {
    heapGrowthBytes: heap1 - heap0,
    managerTimers: live.timers,
    managerSocket: live.socket,
    virtualTimers: clock.pendingTimers,
    serverConnections: server.conns.size,
    newHandles: await settleResources(baseline),
    wallMs,
    flaps,
    connects,
    timersFired: clock.fired - fired0,
  };
  server.stop();
  if (!connectedAtEnd)
    throw new Error('soak: the manager was not connected at the end of the flapping');
  return check;
}

interface CpuFigure {
  windows: number;
  windowMs: number;
  /** percent of one core, per window */
  percent: number[];
  medianPercent: number;
  maxPercent: number;
  managerTimers: number;
}

/**
 * CPU of the whole process over several short real-time windows. The median is reported because
 * V8's memory reducer runs a few full GCs on its own a few seconds after activity stops (seen
 * with --trace-gc), which is the runtime's cost, not the manager's; the max shows it.
 */
async function cpuOver(
  windowMs: number,
  windows: number,
  manager: ConnectionManager,
): Promise<CpuFigure> {
  await turn();
  const percent: number[] = [];
  for (let i = 0; i < windows; i += 1) {
    const start = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, windowMs));
    const used = process.cpuUsage(start);
    percent.push(((used.user + used.system) / 1000 / (performance.now() - t0)) * 100);
  }
  return {
    windows,
    windowMs,
    percent,
    medianPercent: median(percent),
    maxPercent: Math.max(...percent),
    managerTimers: manager.liveResources.timers,
  };
}

async function idleCpu(
  windowMs: number,
  windows: number,
): Promise<{ offline: CpuFigure; connectedIdle: CpuFigure }> {
  const user = { uid: 'soak-cpu', token: 'soak-cpu-token' };
  const server = await benchServer([user]);
  const manager = benchManager(server, user);
  try {
    manager.connect();
    await waitForSnapshot(manager, isConnected, 5_000, 'connected');
    // Let the connect's own work (handshake, first snapshot) settle before measuring.
    await new Promise((r) => setTimeout(r, 200));
    const connectedIdle = await cpuOver(windowMs, windows, manager);
    manager.setNetworkOnline(false);
    await new Promise((r) => setTimeout(r, 200));
    const offline = await cpuOver(windowMs, windows, manager);
    return { offline, connectedIdle };
  } finally {
    manager.disconnect(true);
    await server.stop();
  }
}

function pct(v: number): string {
  return `${v.toFixed(3)}%`;
}

function leakGoals(item: string, c: LeakCheck): GoalRow[] {
  const handles =
    Object.entries(c.newHandles)
      .map(([k, v]) => `${k} x${v}`)
      .join(', ') || 'none';
  const clean =
    c.managerTimers === 0 &&
    !c.managerSocket &&
    c.virtualTimers === 0 &&
    c.serverConnections === 0 &&
    handles === 'none';
  return [
    {
      item,
      metric: 'heap growth after GC',
      measured: kib(c.heapGrowthBytes),
      goal: '< 2 MB',
      met: c.heapGrowthBytes < HEAP_GOAL_BYTES,
    },
    {
      item,
      metric: 'left at the end: manager timers/socket, virtual timers, server conns, new handles',
      measured: `${c.managerTimers}/${c.managerSocket ? 1 : 0}, ${c.virtualTimers}, ${c.serverConnections}, ${handles}`,
      goal: 'all zero',
      met: clean,
    },
  ];
}

export async function runSoakBench(opts: SoakBenchOptions = {}): Promise<BenchOutcome> {
  const cycles = opts.cycles ?? 10_000;
  const realCycles = opts.realCycles ?? 1_000;
  const hours = opts.flapHours ?? 1;
  const cpuWindowMs = opts.cpuWindowMs ?? 1_000;
  const cpuWindows = opts.cpuWindows ?? 5;

  const virtual = await cyclesVirtual(cycles);
  const real = await cyclesReal(realCycles);
  const flap = await flapping(hours);
  const cpu = await idleCpu(cpuWindowMs, cpuWindows);

  const goals: GoalRow[] = [
    ...leakGoals(`soak/${cycles} cycles (virtual)`, virtual),
    ...leakGoals(`soak/${realCycles} cycles (real TCP)`, real),
    ...leakGoals(`soak/${hours} h flapping (virtual)`, flap),
    {
      item: 'soak/idle CPU',
      metric: `offline (connect()ed, network down): process CPU, median (max) of ${cpuWindows} x ${cpuWindowMs / 1000} s`,
      measured: `${pct(cpu.offline.medianPercent)} (${pct(cpu.offline.maxPercent)}) of a core, ${cpu.offline.managerTimers} manager timers`,
      goal: 'no timers',
      met: cpu.offline.managerTimers === 0,
    },
    {
      item: 'soak/idle CPU',
      metric: `connected and idle: process CPU, median (max) of ${cpuWindows} x ${cpuWindowMs / 1000} s`,
      measured: `${pct(cpu.connectedIdle.medianPercent)} (${pct(cpu.connectedIdle.maxPercent)}) of a core, ${cpu.connectedIdle.managerTimers} manager timer (heartbeat)`,
      goal: '-',
      met: null,
    },
  ];
  printTable(
    'soak',
    ['run', 'metric', 'measured', 'goal', ''],
    goals.map((g) => [g.item, g.metric, g.measured, g.goal, goalMark(g.met)]),
    4,
  );
  console.log(
    `\n  ${cycles} virtual cycles in ${(virtual.wallMs / 1000).toFixed(1)} s; ${realCycles} real cycles in ${(real.wallMs / 1000).toFixed(1)} s; ` +
      `${hours} h of flapping (${flap.flaps} flaps, ${flap.connects} reconnects, ${flap.timersFired} timers fired) in ${(flap.wallMs / 1000).toFixed(1)} s`,
  );
  const data = {
    cycles,
    realCycles,
    hours,
    virtualCycles: virtual,
    realTcpCycles: real,
    flapping: flap,
    cpu,
  };
  writeResult('soak', data);
  return { name: 'soak', goals, data };
}
