/** Hour as the locale writes it (no "04" in English), minutes always two digits. */
const CLOCK: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const DAY_AND_CLOCK: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', ...CLOCK };
const WEEKDAY: Intl.DateTimeFormatOptions = { weekday: 'short' };
const SHORT_DATE: Intl.DateTimeFormatOptions = {
  year: '2-digit',
  month: 'numeric',
  day: 'numeric',
};
const LONG_DATE: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric' };
const LONG_DATE_WITH_YEAR: Intl.DateTimeFormatOptions = { ...LONG_DATE, year: 'numeric' };

/**
 * Building an Intl formatter costs far more than using one (toLocaleTimeString builds a new one
 * on every call): a chat list or a long conversation formats hundreds of times per render, so
 * each (language, style) pair is built once.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}\u0000${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    dateFormats.set(key, format);
  }
  return format;
}

function relativeFormat(language: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  return format;
}

/** Local wall-clock time, "4:41 AM" in English, "04:41" in Chinese. */
export function formatClockTime(at: number, language: string): string {
  return dateFormat(language, CLOCK).format(at);
}

/** Local time of a message, "14:32"; with the date when it is not from today. */
export function formatMessageTime(at: number, language: string, now: number = Date.now()): string {
  return localDay(at) === localDay(now)
    ? formatClockTime(at, language)
    : dateFormat(language, DAY_AND_CLOCK).format(at);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A number for the local calendar day of `at` (consecutive days differ by one, across DST
 * changes too): the days since the epoch of the same wall-clock date in UTC.
 */
export function localDay(at: number): number {
  const d = new Date(at);
  return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS);
}

/**
 * The chat list's time, as desktop chat apps write it: today the time, within the last week the
 * weekday, older the short date; all in the UI language.
 */
export function formatListTime(at: number, language: string, now: number = Date.now()): string {
  const days = localDay(now) - localDay(at);
  if (days <= 0) return formatClockTime(at, language);
  if (days < 7) return dateFormat(language, WEEKDAY).format(at);
  return dateFormat(language, SHORT_DATE).format(at);
}

/** A date separator's words: "Today", "Yesterday", else the full date in the UI language. */
export function formatDayLabel(at: number, language: string, now: number = Date.now()): string {
  const days = localDay(now) - localDay(at);
  if (days === 0 || days === 1) {
    const words = relativeFormat(language).format(-days, 'day');
    return words.charAt(0).toLocaleUpperCase(language) + words.slice(1);
  }
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return dateFormat(language, sameYear ? LONG_DATE : LONG_DATE_WITH_YEAR).format(at);
}
