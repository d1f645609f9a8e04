/**
 * A full disk for real, twice. First: a child process whose files may not grow beyond 6 MiB (`ulimit -f`)
 * fills its message database. Every message whose send() resolved (or whose RECV was stored) is
 * there after reopening without the limit; none that was refused is; nothing is reported corrupt.
 * Then (as root) a 4 MiB tmpfs filled to the last byte: the running service refuses, and accepts
 * again once a file is deleted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { FakeLink } from './testing/fake-link';
import { incoming, TempDirs } from './testing/service-fixture';
import { MessagingError } from './errors';
import { MessagingService } from './messaging-service';

const BOB = { channelId: 'bob', channelType: 1 };
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

it('disk full on a real (tmpfs) file system: refused with a clear error, then resumes without a restart once space returns', async (ctx) => {
  const dir = await tmp.make();
  const mounted =
    process.getuid?.() === 0 &&
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status === 0;
  if (!mounted) {
    console.warn('skipped: mounting a small tmpfs needs root (the ulimit test above still runs)');
    ctx.skip();
    return;
  }
  const link = new FakeLink();
  const service = await MessagingService.open({ link, uid: 'alice', dir });
  const filler = path.join(dir, 'filler');
  try {
    const accepted = await service.send(BOB, 'before');
    // fill the file system to the last byte
    const chunk = Buffer.alloc(64 * 1024, 1);
    for (;;) {
      try {
        appendFileSync(filler, chunk);
      } catch {
        break;
      }
    }
    for (let i = 0; i < 256; i++) {
      try {
        appendFileSync(filler, Buffer.alloc(512, 1));
      } catch {
        break;
      }
    }
    const refused = await service.send(BOB, 'x'.repeat(8_000)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MessagingError);
    expect((refused as MessagingError).code).toBe('storageFailed');
    expect((refused as Error).message).toMatch(/disk is full|could not be written/);
    expect(service.storageIssues()).toEqual([expect.objectContaining({ kind: 'writeFailed' })]);
    expect(service.list(BOB).map((e) => e.text)).toEqual(['before']);

    rmSync(filler); // space is back
    await service.send(BOB, 'after');
    await service.onReceived(incoming({ text: 'received after' }));
    expect(service.list(BOB).map((e) => e.text)).toEqual(['before', 'after', 'received after']);
    expect(accepted.state).toBe('queued');
  } finally {
    await service.close();
    spawnSync('umount', [dir]);
  }
}, 60_000);
