/**
 * SQLite failures in words a person can act on. node:sqlite throws Errors carrying `errcode` (the
 * extended result code); the primary code is its low byte.
 */
const PRIMARY: Record<number, string> = {
  5: 'the message database is locked by another program',
  6: 'the message database is locked by another program',
  8: 'the message folder is read-only',
  10: 'the disk could not be written (it may be full)',
  11: 'the message database file is damaged',
  13: 'the disk is full',
  14: 'the message database file cannot be opened',
  26: 'the message database file is damaged',
};

/** Primary SQLite result code of an error, or null when it is not an SQLite error. */
export function sqliteCode(err: unknown): number | null {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code & 0xff : null;
}

/** True when the file itself is unusable (not a database, or damaged). */
export function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 11 || code === 26;
}

/** "the disk is full (database or disk is full)": a cause for people plus the technical text. */
export function describeStorageError(err: unknown): string {
  const technical = err instanceof Error ? err.message : String(err);
  const code = sqliteCode(err);
  const cause = code === null ? undefined : PRIMARY[code];
  return cause ? `${cause} (${technical})` : technical;
}
