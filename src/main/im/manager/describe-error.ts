/** The message of a thrown value, for a diagnostics detail. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
