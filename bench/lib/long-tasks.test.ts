import { describe, expect, it } from 'vitest';
import { summariseLongTasks } from './long-tasks';

describe('summariseLongTasks', () => {
  it('counts only tasks strictly over the limit and keeps the longest', () => {
    expect(summariseLongTasks([50, 51, 120.5, 30], 50)).toEqual({
      count: 4,
      over: 2,
      longestMs: 120.5,
    });
  });

  it('reports nothing for no tasks', () => {
    expect(summariseLongTasks([], 50)).toEqual({ count: 0, over: 0, longestMs: 0 });
  });

  it('refuses a duration that is not one', () => {
    expect(() => summariseLongTasks([Number.NaN], 50)).toThrow(/not a task duration/);
    expect(() => summariseLongTasks([-1], 50)).toThrow(/not a task duration/);
  });
});
