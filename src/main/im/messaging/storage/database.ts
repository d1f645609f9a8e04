/**
 * Opens one account's message database (node:sqlite, no native module): WAL, synchronous=FULL so
 * a committed transaction survives a power cut, migrations to the current schema. A file that is
 * not a database (or damaged beyond reading) is moved aside and a fresh one created, with a
 * StorageIssue; everything else (read-only folder, locked by another program) throws.
 */
import { mkdirSync, renameSync, existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { StorageIssue } from '../types';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { describeStorageError, isCorruption } from './sqlite-errors';

/** How long a write waits for another connection's lock before failing with "locked". */
export const BUSY_TIMEOUT_MS = 2_000;

export interface OpenedDatabase {
  db: DatabaseSync;
  issues: StorageIssue[];
}

export function openDatabase(file: string, dir: string, now: () => number): OpenedDatabase {
  mkdirSync(dir, { recursive: true });
  try {
    return { db: openAndMigrate(file), issues: [] };
  } catch (err) {
    if (!isCorruption(err)) throw err;
    const movedTo = `${file}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, movedTo);
    for (const side of ['-wal', '-shm'])
      if (existsSync(file + side)) renameSync(file + side, movedTo + side);
    const issue: StorageIssue = {
      kind: 'corrupt',
      file,
      movedTo,
      detail: describeStorageError(err),
      at: now(),
    };
    return { db: openAndMigrate(file), issues: [issue] };
  }
}

function openAndMigrate(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number };
  const from = row.user_version;
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `the message database was written by a newer version of the app (schema ${from} > ${SCHEMA_VERSION})`,
    );
  }
  for (const step of MIGRATIONS) {
    if (step.version <= from) continue;
    inTransaction(db, () => {
      db.exec(step.sql);
      db.exec(`PRAGMA user_version = ${step.version}`);
    });
  }
}

/** Runs `work` in one IMMEDIATE transaction: all of it commits, or none of it (rolled back). */
export function inTransaction<T>(db: DatabaseSync, work: () => T, beforeCommit?: () => void): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    beforeCommit?.();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    // A failed COMMIT (disk full) may already have ended the transaction.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
