import type { HistoryEntry } from '../../../shared/messages';

/** A pause this long between two messages of one sender starts a new group (with its header). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export interface MessageRow {
  entry: HistoryEntry;
  /** first of its group: show sender and time */
  header: boolean;
  /** first message of a calendar day (local time): a date separator goes above it */
  dayStart: boolean;
}

function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return (
    x.getFullYear() === y.getFullYear() &&
    x.getMonth() === y.getMonth() &&
    x.getDate() === y.getDate()
  );
}

/**
 * How a list of messages is laid out, as desktop chat apps do: consecutive messages from one
 * sender within a few minutes share one name and time; each day starts with a separator.
 */
export function layoutMessages(entries: readonly HistoryEntry[]): MessageRow[] {
  return entries.map((entry, index) => {
    const previous = index > 0 ? entries[index - 1] : undefined;
    const dayStart = !previous || !sameDay(previous.timestamp, entry.timestamp);
    const header =
      dayStart ||
      !previous ||
      previous.fromUid !== entry.fromUid ||
      previous.own !== entry.own ||
      entry.timestamp - previous.timestamp > GROUP_GAP_MS;
    return { entry, header, dayStart };
  });
}
