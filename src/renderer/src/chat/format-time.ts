/** Local time of a message, "14:32"; with the date when it is not from today. */
export function formatMessageTime(at: number, language: string, now: number = Date.now()): string {
  const when = new Date(at);
  const today = new Date(now);
  const sameDay =
    when.getFullYear() === today.getFullYear() &&
    when.getMonth() === today.getMonth() &&
    when.getDate() === today.getDate();
  return sameDay
    ? when.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : when.toLocaleString(language, {
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}
