/** Hour as the locale writes it (no "04" in English), minutes always two digits. */
const CLOCK: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };

/** Local wall-clock time, "4:41 AM" in English, "04:41" in Chinese. */
export function formatClockTime(at: number, language: string): string {
  return new Date(at).toLocaleTimeString(language, CLOCK);
}

/** Local time of a message, "14:32"; with the date when it is not from today. */
export function formatMessageTime(at: number, language: string, now: number = Date.now()): string {
  const when = new Date(at);
  const today = new Date(now);
  const sameDay =
    when.getFullYear() === today.getFullYear() &&
    when.getMonth() === today.getMonth() &&
    when.getDate() === today.getDate();
  return sameDay
    ? formatClockTime(at, language)
    : when.toLocaleString(language, { month: 'short', day: 'numeric', ...CLOCK });
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(at: number): number {
  const d = new Date(at);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/**
 * The chat list's time, as desktop chat apps write it: today the time, within the last week the
 * weekday, older the short date; all in the UI language.
 */
export function formatListTime(at: number, language: string, now: number = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(at)) / DAY_MS);
  if (days <= 0) return formatClockTime(at, language);
  if (days < 7) return new Date(at).toLocaleDateString(language, { weekday: 'short' });
  return new Date(at).toLocaleDateString(language, {
    year: '2-digit',
    month: 'numeric',
    day: 'numeric',
  });
}

/** A date separator's words: "Today", "Yesterday", else the full date in the UI language. */
export function formatDayLabel(at: number, language: string, now: number = Date.now()): string {
  const days = Math.round((startOfDay(now) - startOfDay(at)) / DAY_MS);
  if (days === 0 || days === 1) {
    const words = new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(-days, 'day');
    return words.charAt(0).toLocaleUpperCase(language) + words.slice(1);
  }
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return new Date(at).toLocaleDateString(language, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}
