import type { HistoryEntry } from '../../../shared/messages';
import { localDay } from './format-time';

/** A pause this long between two messages of one sender starts a new group (with its header). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export interface MessageRow {
  entry: HistoryEntry;
  /** first of its group: show sender and time */
  header: boolean;
  /** first message of a calendar day (local time): a date separator goes above it */
  dayStart: boolean;
}

/**
 * A long chat is laid out again for every page loaded and every message received, but entries
 * keep their identity in the store, so a row whose entry and neighbour are unchanged is reused:
 * the layout of 10,000 messages stays a cheap pass, and unchanged rows stay the same objects
 * (memoized rows skip rendering).
 */
const laidOut = new WeakMap<
  HistoryEntry,
  { previous: HistoryEntry | undefined; row: MessageRow }
>();
const days = new WeakMap<HistoryEntry, number>();

function dayOf(entry: HistoryEntry): number {
  let day = days.get(entry);
  if (day === undefined) {
    day = localDay(entry.timestamp);
    days.set(entry, day);
  }
  return day;
}

function rowOf(entry: HistoryEntry, previous: HistoryEntry | undefined): MessageRow {
  const cached = laidOut.get(entry);
  if (cached && cached.previous === previous) return cached.row;
  const dayStart = !previous || dayOf(previous) !== dayOf(entry);
  const header =
    dayStart ||
    !previous ||
    previous.fromUid !== entry.fromUid ||
    previous.own !== entry.own ||
    entry.timestamp - previous.timestamp > GROUP_GAP_MS;
  const row = { entry, header, dayStart };
  laidOut.set(entry, { previous, row });
  return row;
}

/**
 * How a list of messages is laid out, as desktop chat apps do: consecutive messages from one
 * sender within a few minutes share one name and time; each day starts with a separator.
 */
export function layoutMessages(entries: readonly HistoryEntry[]): MessageRow[] {
  const rows = new Array<MessageRow>(entries.length);
  for (let i = 0; i < entries.length; i += 1) rows[i] = rowOf(entries[i]!, entries[i - 1]);
  return rows;
}
