/**
 * Full-text search over the signed-in account's stored messages, as every process sees it: the
 * request limits (checked by the IPC contract and the messaging core alike) and one result.
 */
import type { HistoryEntry } from './messages';

/** Longest query in characters: longer ones are refused (a search box never needs more). */
export const MAX_SEARCH_QUERY_LENGTH = 200;
/** Most results one search answers; `before` pages further back. */
export const MAX_SEARCH_LIMIT = 100;
export const DEFAULT_SEARCH_LIMIT = 50;

export interface SearchOptions {
  limit?: number;
  /** page back: only messages with order below this (the last result's `message.order`) */
  before?: number;
}

/** One message that contains the query, with the text around the first occurrence. */
export interface SearchHit {
  message: HistoryEntry;
  /** a short piece of the text around the match (an ellipsis marks a cut) */
  snippet: string;
  /** where the match sits in `snippet`: [start, end) in UTF-16 units; [0, 0] when not found */
  match: [number, number];
}
