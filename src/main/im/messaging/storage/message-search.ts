/**
 * Substring search over the messages table, newest first. Queries of 3+ characters use the FTS5
 * trigram index (`messages_fts`); trigram cannot match 1-2 characters, so those scan the newest
 * SHORT_QUERY_SCAN_ROWS rows instead (the bound keeps the scan's cost fixed as history grows;
 * `before` continues further back): with LIKE when the query has ASCII letters (LIKE ignores
 * their case), else with instr(), which is about 1.5x faster and loses nothing (LIKE folds only
 * ASCII). The query is always bound as a parameter and quoted as
 * one FTS5 string, and LIKE wildcards are escaped, so no input is read as syntax.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_QUERY_LENGTH,
  type SearchHit,
  type SearchOptions,
} from '../../../../shared/search';
import { MessagingError } from '../errors';
import { MESSAGE_COLUMNS, toEntry, type MessageRow } from './rows';

/** How many of the newest rows (by order) a 1-2 character query looks at. */
export const SHORT_QUERY_SCAN_ROWS = 100_000;
/** Characters of context the snippet shows on each side of the match. */
const SNIPPET_CONTEXT = 24;

/** The query as one FTS5 string literal: inside double quotes, a quote is doubled. */
export function ftsPhrase(query: string): string {
  return `"${query.replace(/"/g, '""')}"`;
}

/** The query as a LIKE pattern matching it anywhere, with %, _ and the escape character escaped. */
export function likeContains(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Counts code points, as trigram does (an emoji or a CJK character is one). */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** The text around the first case-insensitive occurrence of `query`, and where it sits. */
export function makeSnippet(text: string, query: string): Pick<SearchHit, 'snippet' | 'match'> {
  const at = text.toLowerCase().indexOf(query.toLowerCase());
  // toLowerCase can change lengths for a few scripts; then show the start without a mark.
  if (at < 0 || text.toLowerCase().length !== text.length) {
    const cut = text.length > SNIPPET_CONTEXT * 2;
    return { snippet: cut ? `${text.slice(0, SNIPPET_CONTEXT * 2)}…` : text, match: [0, 0] };
  }
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + query.length + SNIPPET_CONTEXT);
  const head = start > 0 ? '…' : '';
  const snippet = `${head}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const from = head.length + at - start;
  return { snippet, match: [from, from + query.length] };
}

export class MessageSearch {
  private readonly fts: StatementSync;
  private readonly like: StatementSync;
  private readonly instr: StatementSync;
  private readonly floorId: StatementSync;

  constructor(db: DatabaseSync) {
    this.fts = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages_fts f
      JOIN messages m ON m.id = f.rowid
      WHERE messages_fts MATCH ? AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?`);
    this.like = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m
      WHERE m.id < ?1 AND m.id >= ?2 AND m.text LIKE ?3 ESCAPE '\\'
      ORDER BY m.id DESC LIMIT ?4`);
    this.instr = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m
      WHERE m.id < ?1 AND m.id >= ?2 AND instr(m.text, ?3) > 0
      ORDER BY m.id DESC LIMIT ?4`);
    // Orders are not dense (synced history is placed between neighbours), so the floor is found
    // by counting rows down the primary key, not by subtracting from an order.
    this.floorId = db.prepare(
      'SELECT id FROM messages WHERE id < ? ORDER BY id DESC LIMIT 1 OFFSET ?',
    );
  }

  /**
   * Messages containing `query` (surrounding spaces ignored), newest first; none for a blank one.
   * Bad input is a MessagingError('invalidInput'); a database failure a
   * MessagingError('storageFailed'), never a raw SQLite error.
   */
  search(query: unknown, options: SearchOptions = {}): SearchHit[] {
    if (typeof query !== 'string') throw new MessagingError('invalidInput', 'query must be text');
    if (query.length > MAX_SEARCH_QUERY_LENGTH) {
      throw new MessagingError(
        'invalidInput',
        `A search is at most ${MAX_SEARCH_QUERY_LENGTH} characters`,
      );
    }
    const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
      throw new MessagingError('invalidInput', `limit must be an integer 1..${MAX_SEARCH_LIMIT}`);
    }
    const before = options.before ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(before)) {
      throw new MessagingError('invalidInput', 'before must be an integer');
    }
    // A NUL ends the text for SQLite's LIKE and FTS alike: nothing real contains one.
    const q = query.trim();
    if (q === '' || q.includes('\0')) return [];
    try {
      return this.run(q, limit, before);
    } catch (err) {
      throw new MessagingError('storageFailed', `search failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  private run(query: string, limit: number, before: number): SearchHit[] {
    let rows: unknown[];
    if (codePoints(query) >= 3) rows = this.fts.all(ftsPhrase(query), before, limit);
    else if (/[a-z]/i.test(query))
      rows = this.like.all(before, this.scanFloor(before), likeContains(query), limit);
    else rows = this.instr.all(before, this.scanFloor(before), query, limit);
    return (rows as MessageRow[]).map((r) => ({
      message: toEntry(r),
      ...makeSnippet(r.text, query),
    }));
  }

  /** The lowest order a short query looks at: the SHORT_QUERY_SCAN_ROWS-th row below `before`. */
  private scanFloor(before: number): number {
    const row = this.floorId.get(before, SHORT_QUERY_SCAN_ROWS - 1) as { id: number } | undefined;
    return row ? row.id : Number.MIN_SAFE_INTEGER;
  }
}
