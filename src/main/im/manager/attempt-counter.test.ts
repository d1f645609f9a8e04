import { describe, expect, it } from 'vitest';
import { AttemptCounter } from './attempt-counter';

const STABLE = 60_000;

describe('AttemptCounter', () => {
  it('counts failures and spends a budget; null means unlimited', () => {
    const c = new AttemptCounter();
    c.fail(0, STABLE);
    c.fail(10, STABLE);
    expect(c.failures).toBe(2);
    expect(c.exceeds(2)).toBe(false);
    c.fail(20, STABLE);
    expect(c.exceeds(2)).toBe(true);
    expect(c.exceeds(null)).toBe(false);
    c.reset();
    expect(c.failures).toBe(0);
  });

  it('a drop resets the count only when the link stayed up for stableAfterMs', () => {
    const c = new AttemptCounter();
    c.fail(0, STABLE);
    c.fail(0, STABLE);
    c.connected(1_000);
    c.fail(1_000 + STABLE - 1, STABLE); // accept-and-drop: keeps counting
    expect(c.failures).toBe(3);
    c.connected(100_000);
    c.fail(100_000 + STABLE, STABLE); // stable link: this drop is the first failure
    expect(c.failures).toBe(1);
    c.fail(500_000, STABLE); // no link since: counts on
    expect(c.failures).toBe(2);
  });

  it('reset() keeps the current link, resetAll() forgets it', () => {
    const kept = new AttemptCounter();
    kept.connected(0);
    kept.fail(0, STABLE);
    kept.connected(0);
    kept.reset();
    kept.fail(STABLE, STABLE);
    expect(kept.failures).toBe(1);

    const forgotten = new AttemptCounter();
    forgotten.fail(0, STABLE);
    forgotten.fail(0, STABLE);
    forgotten.connected(0);
    forgotten.resetAll();
    expect(forgotten.failures).toBe(0);
    forgotten.fail(STABLE * 2, STABLE);
    forgotten.fail(STABLE * 2, STABLE);
    expect(forgotten.failures).toBe(2);
  });
});
