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
