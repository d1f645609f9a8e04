/**
 * A full disk for real: a child process whose files may not grow beyond 6 MiB (`ulimit -f`)
 * fills its message database. Every message whose send() resolved (or whose RECV was stored) is
 * there after reopening without the limit; none that was refused is; nothing is reported corrupt.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { FakeLink } from './testing/fake-link';
import { TempDirs } from './testing/service-fixture';
import { MessagingService } from './messaging-service';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());
const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

function runLimited(dir: string, kib: number): Promise<string[]> {
  const child = spawn(
    'bash',
    [
      '-c',
      `ulimit -f ${kib} && exec "$@"`,
      'bash',
      process.execPath,
      '--import',
      tsx,
      path.join(here, 'testing/disk-full-child.ts'),
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout.trim().split('\n'))
        : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
}

it('disk full: accepted messages survive, refused ones leave nothing, the error says why', async () => {
  const dir = await tmp.make();
  const lines = await runLimited(dir, 6_144);
  const sent = lines.filter((l) => l.startsWith('sent ')).map((l) => l.slice(5));
  const received = lines.filter((l) => l.startsWith('received ')).map((l) => l.slice(9));
  const refused = lines.filter((l) => l.startsWith('refused '));
  expect(sent.length).toBeGreaterThan(10);
  expect(refused.length).toBe(6);
  for (const r of refused)
    expect(r).toMatch(/^refused storageFailed .*(disk is full|could not be written)/);
  expect(lines).toContainEqual(expect.stringMatching(/^issue writeFailed/));
  expect(lines.at(-1)).toBe('closed');

  const reopened = await MessagingService.open({ link: new FakeLink(), uid: 'alice', dir });
  try {
    expect(reopened.storageIssues()).toEqual([]);
    const all = [];
    for (let page = reopened.list({ channelId: 'bob', channelType: 1 }, 500); page.length > 0;) {
      all.unshift(...page);
      page = reopened.list({ channelId: 'bob', channelType: 1 }, 500, page[0]!.order);
    }
    expect(all.filter((e) => e.own).map((e) => e.clientMsgNo)).toEqual(sent);
    expect(all.filter((e) => !e.own).map((e) => e.text.split(' ')[0])).toEqual(received);
  } finally {
    await reopened.close();
  }
}, 60_000);
