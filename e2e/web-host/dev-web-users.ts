/**
 * `npm run dev:web -- --users alice,bob`: one app instance per demo user, side by side against the
 * same test server, each with its own port (base, base+1, ...) and its own data folder inside
 * the run's data folder, so two people can chat with each other in two browser tabs.
 */
import { join } from 'node:path';

export interface DemoUser {
  uid: string;
  token: string;
}

export interface Instance {
  user: DemoUser;
  /** 0 = any free port */
  port: number;
  dataDir: string;
}

/** The users named in --users, in order; the first demo user when the option is absent. */
export function parseUsers(text: string | undefined, demo: readonly DemoUser[]): DemoUser[] {
  if (text === undefined) return demo.slice(0, 1);
  const uids = text
    .split(',')
    .map((uid) => uid.trim())
    .filter((uid) => uid !== '');
  if (uids.length === 0) throw new Error('--users needs at least one user, e.g. --users alice,bob');
  const known = demo.map((u) => u.uid).join(', ');
  return uids.map((uid, index) => {
    if (uids.indexOf(uid) !== index) throw new Error(`--users names "${uid}" twice`);
    const user = demo.find((u) => u.uid === uid);
    if (!user) throw new Error(`--users: no demo user "${uid}" (demo users: ${known})`);
    return user;
  });
}

/** Where each instance runs: consecutive ports from the base (or any free ones for 0). */
export function planInstances(users: readonly DemoUser[], basePort: number, dataDir: string) {
  if (basePort !== 0 && basePort + users.length - 1 > 65535) {
    throw new Error(`--port ${basePort} leaves no room for ${users.length} instances`);
  }
  return users.map((user, index): Instance => ({
    user,
    port: basePort === 0 ? 0 : basePort + index,
    // One instance keeps the folder itself (as before); several get one folder each.
    dataDir: users.length === 1 ? dataDir : join(dataDir, user.uid),
  }));
}
