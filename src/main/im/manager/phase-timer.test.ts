import { describe, expect, it } from 'vitest';
import { ManualClock } from '../messaging/testing/manual-clock';
import { PhaseTimeout, PhaseTimer } from './phase-timer';

function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

describe('PhaseTimer', () => {
  it('rejects with PhaseTimeout naming the step once the time is up, and frees its timer', async () => {
    const clock = new ManualClock();
    const prep = new PhaseTimer(() => clock);
    const step = prep.run(never<string>(), 500, 'connect info');
    expect(prep.active).toBe(true);
    clock.advance(499);
    clock.advance(1);
    await expect(step).rejects.toThrow(new PhaseTimeout('connect info timed out after 500 ms'));
    await expect(step).rejects.toBeInstanceOf(PhaseTimeout);
    expect(prep.active).toBe(false);
  });

  it('settles like the step when it is in time, and clears the timer', async () => {
    const clock = new ManualClock();
    const prep = new PhaseTimer(() => clock);
    await expect(prep.run(Promise.resolve(7), 500, 'x')).resolves.toBe(7);
    expect(prep.active).toBe(false);
    expect(clock.pending).toBe(0);
    const err = new Error('no route');
    await expect(prep.run(Promise.reject(err), 500, 'x')).rejects.toBe(err);
    expect(clock.pending).toBe(0);
  });

  it('a new step or cancel() drops the previous timer', async () => {
    const clock = new ManualClock();
    const prep = new PhaseTimer(() => clock);
    let firstSettled = false;
    prep.run(never(), 100, 'first').then(
      () => (firstSettled = true),
      () => (firstSettled = true),
    );
    const second = prep.run(Promise.resolve('ok'), 100, 'second');
    expect(clock.pending).toBe(1);
    await expect(second).resolves.toBe('ok');
    clock.advance(1_000);
    await Promise.resolve();
    expect(firstSettled).toBe(false);
    prep.run(never(), 100, 'third');
    prep.cancel();
    expect(prep.active).toBe(false);
    expect(clock.pending).toBe(0);
  });
});
