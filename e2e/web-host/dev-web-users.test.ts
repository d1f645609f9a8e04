import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUsers, planInstances } from './dev-web-users';

const DEMO = [
  { uid: 'alice', token: 'alice-token' },
  { uid: 'bob', token: 'bob-token' },
];

describe('dev:web --users', () => {
  it('defaults to the first demo user', () => {
    expect(parseUsers(undefined, DEMO).map((u) => u.uid)).toEqual(['alice']);
  });

  it('takes the named users in order, with their tokens', () => {
    expect(parseUsers('bob, alice', DEMO)).toEqual([DEMO[1], DEMO[0]]);
  });

  it('refuses unknown, repeated or no users with a clear line', () => {
    expect(() => parseUsers('alice,carol', DEMO)).toThrow(
      '--users: no demo user "carol" (demo users: alice, bob)',
    );
    expect(() => parseUsers('bob,bob', DEMO)).toThrow('--users names "bob" twice');
    expect(() => parseUsers(' , ', DEMO)).toThrow('--users needs at least one user');
  });

  it('gives each instance its own port and data folder', () => {
    const plan = planInstances(DEMO, 5180, '/tmp/run');
    expect(plan.map((i) => [i.user.uid, i.port, i.dataDir])).toEqual([
      ['alice', 5180, join('/tmp/run', 'alice')],
      ['bob', 5181, join('/tmp/run', 'bob')],
    ]);
    expect(planInstances(DEMO, 0, '/tmp/run').map((i) => i.port)).toEqual([0, 0]);
    expect(planInstances(DEMO.slice(0, 1), 5180, '/tmp/run')[0]?.dataDir).toBe('/tmp/run');
    expect(() => planInstances(DEMO, 65535, '/tmp/run')).toThrow('no room for 2 instances');
  });
});
