/**
 * A durable key -> record map in one append-only JSON Lines file (no native modules, so it works
 * in Electron's main process as is). Each change appends one line `{"k":key,"v":record}` or
 * `{"k":key,"d":1}` and fsyncs before the change is applied in memory and the promise resolves
 * (write, then apply). When dead lines outnumber live records the file is rewritten atomically.
 *
 * Loading never throws for bad content: unparsable or invalid lines (a half-written last line
 * after a crash, a bit flip) are skipped, the damaged file is moved aside as
 * `<file>.corrupt-<time>`, a clean file with every readable record is written, and an issue is
 * reported. An unreadable file is moved aside (if possible) and the log starts empty.
 */
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import type { ZodType } from 'zod';
import type { StorageIssue } from '../types';
import { TEMP_MARKER, writeFileAtomic } from './atomic-write';

export interface RecordLogOptions<T> {
  file: string;
  schema: ZodType<T>;
  onIssue: (issue: StorageIssue) => void;
  now?: () => number;
  /** compact when lines exceed max(minCompactLines, 2 x live records); default 200 */
  minCompactLines?: number;
}

export class StorageClosedError extends Error {
  override readonly name = 'StorageClosedError';
}

interface Line {
  k: string;
  v?: unknown;
  d?: 1;
}

export class RecordLog<T> {
  private readonly map = new Map<string, T>();
  private handle: FileHandle | null = null;
  private lines = 0;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly now: () => number;
  private readonly minCompactLines: number;

  private constructor(private readonly opts: RecordLogOptions<T>) {
    this.now = opts.now ?? Date.now;
    this.minCompactLines = opts.minCompactLines ?? 200;
  }

  static async open<T>(opts: RecordLogOptions<T>): Promise<RecordLog<T>> {
    const log = new RecordLog(opts);
    await log.load();
    return log;
  }

  get file(): string {
    return this.opts.file;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Records in the order their keys were first written. */
  entries(): IterableIterator<[string, T]> {
    return this.map.entries();
  }

  values(): IterableIterator<T> {
    return this.map.values();
  }

  /** Resolves once the record is on disk and visible; rejects (nothing applied) if the write fails. */
  set(key: string, value: T): Promise<void> {
    return this.enqueue(async () => {
      await this.append({ k: key, v: value });
      this.map.set(key, value);
      await this.maybeCompact();
    });
  }

  delete(key: string): Promise<void> {
    return this.enqueue(async () => {
      if (!this.map.has(key)) return;
      await this.append({ k: key, d: 1 });
      this.map.delete(key);
      await this.maybeCompact();
    });
  }

  /** Waits for pending writes, then releases the file. Later writes reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain;
    await this.closeHandle();
  }

  // ------------------------------------------------------------------ writing

  private enqueue(job: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new StorageClosedError(`${this.file} is closed`));
    const run = this.chain.then(job);
    // The chain survives a failed job; the caller gets the rejection.
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async append(line: Line): Promise<void> {
    const handle = await this.openHandle();
    try {
      await handle.write(`${JSON.stringify(line)}\n`);
      await handle.sync();
    } catch (err) {
      // A failed write may have left half a line: the next write starts from a clean file.
      await this.closeHandle();
      await this.rewrite().catch(() => undefined);
      throw err;
    }
    this.lines += 1;
  }

  /** Runs after a change is applied in memory, so the rewrite contains it. */
  private async maybeCompact(): Promise<void> {
    if (this.lines <= Math.max(this.minCompactLines, 2 * this.map.size)) return;
    // The change is already durable in the old file; a failed rewrite only costs space.
    await this.rewrite().catch((err: unknown) => this.report('writeFailed', describe(err)));
  }

  private async openHandle(): Promise<FileHandle> {
    if (!this.handle) this.handle = await open(this.file, 'a');
    return this.handle;
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  /** Replaces the file with one line per live record (closed first: Windows cannot rename over an open file). */
  private async rewrite(): Promise<void> {
    await this.closeHandle();
    const text = [...this.map].map(([k, v]) => `${JSON.stringify({ k, v })}\n`).join('');
    await writeFileAtomic(this.file, text);
    this.lines = this.map.size;
  }

  // ------------------------------------------------------------------ loading

  private async load(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await this.removeStrayTemps();
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      const movedTo = await this.moveAside();
      this.report('unreadable', describe(err), { movedTo, keptRecords: 0 });
      return;
    }
    let bad = 0;
    let good = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      if (this.applyLine(raw)) good += 1;
      else bad += 1;
    }
    this.lines = good;
    if (bad > 0) {
      const movedTo = await this.moveAside();
      await this.rewriteOnLoad();
      this.report('corrupt', `${bad} unreadable line(s)`, {
        movedTo,
        badLines: bad,
        keptRecords: this.map.size,
      });
    } else if (text.length > 0 && !text.endsWith('\n')) {
      // A complete last record without its newline: the next append would glue onto it.
      await this.rewriteOnLoad();
    }
  }

  private applyLine(raw: string): boolean {
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      return false;
    }
    if (typeof line !== 'object' || line === null) return false;
    const { k, v, d } = line as Line;
    if (typeof k !== 'string') return false;
    if (d === 1) {
      this.map.delete(k);
      return true;
    }
    const parsed = this.opts.schema.safeParse(v);
    if (!parsed.success) return false;
    this.map.set(k, parsed.data);
    return true;
  }

  private async rewriteOnLoad(): Promise<void> {
    try {
      await this.rewrite();
    } catch (err) {
      this.report('writeFailed', describe(err));
    }
  }

  /** Renames the file to `<file>.corrupt-<time>`; returns the new name, or undefined if that failed. */
  private async moveAside(): Promise<string | undefined> {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    for (let i = 0; i < 100; i++) {
      const target = `${this.file}.corrupt-${stamp}${i === 0 ? '' : `-${i}`}`;
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      if (exists) continue;
      try {
        await rename(this.file, target);
        return target;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private async removeStrayTemps(): Promise<void> {
    const dir = path.dirname(this.file);
    const prefix = `${path.basename(this.file)}${TEMP_MARKER}`;
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(prefix))
        await rm(path.join(dir, name), { force: true }).catch(() => undefined);
    }
  }

  private report(
    kind: StorageIssue['kind'],
    detail: string,
    extra: Partial<StorageIssue> = {},
  ): void {
    try {
      this.opts.onIssue({ kind, file: this.file, detail, at: this.now(), ...extra });
    } catch {
      // a throwing listener must not break storage
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
