import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StorageIssue } from '../types';
import { RecordLog, StorageClosedError } from './record-log';

const schema = z.object({ n: z.number(), id: z.string() });
type Rec = z.infer<typeof schema>;

let dir: string;
let file: string;
let issues: StorageIssue[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'record-log-'));
  file = path.join(dir, 'log.jsonl');
  issues = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (minCompactLines?: number) =>
  RecordLog.open<Rec>({
    file,
    schema,
    onIssue: (i) => issues.push(i),
    now: () => Date.UTC(2025, 0, 2, 3, 4, 5),
    ...(minCompactLines !== undefined ? { minCompactLines } : {}),
  });

const line = (k: string, v: unknown) => `${JSON.stringify({ k, v })}\n`;
const keys = (log: RecordLog<Rec>) => [...log.entries()].map(([k]) => k);

describe('RecordLog', () => {
  it('keeps sets and deletes across a reopen, in first-written order', async () => {
    const log = await open();
    await log.set('a', { n: 1, id: '18446744073709551615' });
    await log.set('b', { n: 2, id: 'x' });
    await log.set('c', { n: 3, id: 'y' });
    await log.set('a', { n: 10, id: 'z' });
    await log.delete('b');
    await log.delete('missing');
    await log.close();

    const again = await open();
    expect(keys(again)).toEqual(['a', 'c']);
    expect(again.get('a')).toEqual({ n: 10, id: 'z' });
    expect(issues).toEqual([]);
    await again.close();
  });

  it('applies a change in memory only after it is on disk', async () => {
    const log = await open();
    const writing = log.set('a', { n: 1, id: 'a' });
    expect(log.has('a')).toBe(false);
    await writing;
    expect(log.has('a')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(line('a', { n: 1, id: 'a' }));
    await log.close();
  });

  it('compacts when dead lines pile up, without losing records', async () => {
    const log = await open(10);
    for (let i = 0; i < 100; i++) await log.set(`k${i % 3}`, { n: i, id: String(i) });
    await log.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(10);
    const again = await open(10);
    expect(keys(again)).toEqual(['k0', 'k1', 'k2']);
    expect(again.get('k0')).toEqual({ n: 99, id: '99' });
    expect(again.get('k2')).toEqual({ n: 98, id: '98' });
    await again.close();
  });

  it('a half-written last line: moved aside, reported, every complete record kept', async () => {
    const original =
      line('a', { n: 1, id: 'a' }) + line('b', { n: 2, id: 'b' }) + '{"k":"c","v":{"n":3,"i';
    await writeFile(file, original);
    const log = await open();
    expect(keys(log)).toEqual(['a', 'b']);
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    expect(issue).toMatchObject({ kind: 'corrupt', file, badLines: 1, keptRecords: 2 });
    expect(issue.movedTo).toBe(`${file}.corrupt-2025-01-02T03-04-05-000Z`);
    expect(await readFile(issue.movedTo!, 'utf8')).toBe(original);
    // the live file is clean again and appends land on their own line
    await log.set('d', { n: 4, id: 'd' });
    await log.close();
    const again = await open();
    expect(keys(again)).toEqual(['a', 'b', 'd']);
    expect(issues).toHaveLength(1);
    await again.close();
  });

  it('garbage and invalid records in the middle: the readable records around them are kept', async () => {
    await writeFile(
      file,
      line('a', { n: 1, id: 'a' }) +
        '\u0000\u0000garbage\n' +
        line('b', { n: 'not a number', id: 'b' }) +
        '[1,2]\n' +
        '{"v":{"n":1,"id":"x"}}\n' +
        line('c', { n: 3, id: 'c' }),
    );
    const log = await open();
    expect(keys(log)).toEqual(['a', 'c']);
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'corrupt', badLines: 4, keptRecords: 2 }),
    ]);
    await log.close();
  });

  it('two corrupt loads in the same millisecond get distinct aside names', async () => {
    await writeFile(file, 'junk\n');
    await (await open()).close();
    await writeFile(file, 'junk again\n');
    await (await open()).close();
    expect(issues.map((i) => i.movedTo)).toEqual([
      `${file}.corrupt-2025-01-02T03-04-05-000Z`,
      `${file}.corrupt-2025-01-02T03-04-05-000Z-1`,
    ]);
  });

  it('a complete last record without its newline is kept and the next append stays separate', async () => {
    await writeFile(
      file,
      line('a', { n: 1, id: 'a' }) + JSON.stringify({ k: 'b', v: { n: 2, id: 'b' } }),
    );
    const log = await open();
    await log.set('c', { n: 3, id: 'c' });
    await log.close();
    const again = await open();
    expect(keys(again)).toEqual(['a', 'b', 'c']);
    expect(issues).toEqual([]);
    await again.close();
  });

  it('an unreadable file (a folder in its place) is moved aside and reported; the log starts empty and works', async () => {
    await mkdir(file);
    const log = await open();
    expect(log.size).toBe(0);
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'unreadable',
        movedTo: `${file}.corrupt-2025-01-02T03-04-05-000Z`,
      }),
    ]);
    await log.set('a', { n: 1, id: 'a' });
    await log.close();
    expect(keys(await open())).toEqual(['a']);
  });

  it('removes temp files a crash left behind during a rewrite', async () => {
    await writeFile(file, line('a', { n: 1, id: 'a' }));
    await writeFile(`${file}.tmp-123-abcd`, 'half a rewrite');
    const log = await open();
    expect(keys(log)).toEqual(['a']);
    expect((await readdir(dir)).sort()).toEqual(['log.jsonl']);
    await log.close();
  });

  it('a failed write rejects and changes nothing in memory', async () => {
    const log = await open();
    // the folder vanishes and a file takes its place: the lazy open of the log fails
    await rm(dir, { recursive: true });
    await writeFile(dir, 'not a folder');
    await expect(log.set('a', { n: 1, id: 'a' })).rejects.toThrow();
    expect(log.has('a')).toBe(false);
    await log.close();
    await rm(dir, { force: true });
    await mkdir(dir);
  });

  it('writes after close reject with StorageClosedError', async () => {
    const log = await open();
    await log.close();
    await expect(log.set('a', { n: 1, id: 'a' })).rejects.toBeInstanceOf(StorageClosedError);
  });
});
