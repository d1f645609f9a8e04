/**
 * A virtual clock for the ConnectionManager's injectable `clock` option: timers fire only when
 * the benchmark advances time, so an hour of flapping or a 10,000-client storm runs in seconds.
 * Between timer batches the real event loop is given one turn (setImmediate), which drains the
 * promise chains and queueMicrotask deliveries of the in-memory transport.
 */
import type { Clock } from '../../src/main/im';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** Binary min-heap of timers ordered by (at, id) so equal deadlines fire in creation order. */
class TimerHeap {
  private readonly items: Timer[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Timer | undefined {
    return this.items[0];
  }

  /** Keeps only the timers that pass `keep` and restores the heap order. */
  retain(keep: (t: Timer) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    for (const t of kept) this.push(t);
  }

  push(t: Timer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i] as Timer, a[p] as Timer)) break;
      [a[i], a[p]] = [a[p] as Timer, a[i] as Timer];
      i = p;
    }
  }

  pop(): Timer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l] as Timer, a[m] as Timer)) m = l;
        if (r < a.length && less(a[r] as Timer, a[m] as Timer)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Timer, a[i] as Timer];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

/** One real event-loop turn: every pending microtask (promise, queueMicrotask) runs first. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly heap = new TimerHeap();
  /** ids of timers that are scheduled and not cancelled */
  private readonly live = new Set<number>();
  /** timers fired so far (a cost figure for the soak) */
  fired = 0;

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.heap.push({ id, at: this.current + delay, fn });
    this.live.add(id);
    return id;
  }

  clearTimeout(handle: unknown): void {
    // Cancelled timers stay in the heap and are skipped when they come up; when they pile up
    // (time standing still while timers are set and cleared) the heap is rebuilt.
    if (typeof handle !== 'number' || !this.live.delete(handle)) return;
    if (this.heap.size > 1_024 && this.heap.size > 2 * this.live.size) {
      this.heap.retain((t) => this.live.has(t.id));
    }
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.live.size;
  }

  /** Deadline of the earliest live timer, or null. */
  nextDeadline(): number | null {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return null;
      if (this.live.has(top.id)) return top.at;
      this.heap.pop();
    }
  }

  /**
   * Moves time forward by ms, firing every timer that comes due in order (each batch of timers
   * with the same deadline, then one event-loop turn so their async follow-ups complete).
   */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await turn();
    for (;;) {
      const at = this.nextDeadline();
      if (at === null || at > target) break;
      this.current = Math.max(this.current, at);
      // Fire every live timer due at this instant, then let their promise chains settle.
      while (this.heap.peek() && (this.heap.peek() as Timer).at <= this.current) {
        const t = this.heap.pop() as Timer;
        if (!this.live.delete(t.id)) continue;
        this.fired += 1;
        t.fn();
      }
      await turn();
    }
    this.current = Math.max(this.current, target);
    await turn();
  }
}
