import type { DiagnosticsEntry } from '../../../shared/connection';
import { MIN_SECRET_LENGTH, redactText } from '../../../shared/redact';

/** How many entries the log keeps (the last 500 events: enough for a day of flapping, small to export). */
export const DIAGNOSTICS_CAPACITY = 500;

/**
 * Tokens must never reach the log, even through a detail string that quotes a server message or an
 * error: details go through the app's one text redactor, with the exact secrets registered here.
 */
export { redactText as redact } from '../../../shared/redact';

/**
 * Fixed-size ring buffer of diagnostics entries. Appending never allocates beyond the entry itself
 * once the buffer is full, so a flapping connection cannot grow memory.
 */
export class DiagnosticsLog {
  private readonly entries: (DiagnosticsEntry | undefined)[];
  private next = 0;
  private size = 0;
  private readonly secrets = new Set<string>();

  constructor(readonly capacity = DIAGNOSTICS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`diagnostics capacity must be a positive integer, got ${capacity}`);
    }
    this.entries = new Array<DiagnosticsEntry | undefined>(capacity);
  }

  /** Registers a secret (a token) that must be masked in every later detail string. */
  addSecret(secret: string): void {
    if (secret.length >= MIN_SECRET_LENGTH) this.secrets.add(secret);
    // Keep the set small: only the last few tokens can plausibly appear in details.
    if (this.secrets.size > 8) {
      const first = this.secrets.values().next().value;
      if (first !== undefined) this.secrets.delete(first);
    }
  }

  add(entry: DiagnosticsEntry): void {
    const stored: DiagnosticsEntry =
      entry.detail === undefined
        ? { ...entry }
        : { ...entry, detail: redactText(entry.detail, this.secrets) };
    this.entries[this.next] = stored;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
  }

  /** Oldest first; copies, so callers cannot change the log. */
  list(): DiagnosticsEntry[] {
    const out: DiagnosticsEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i += 1) {
      const e = this.entries[(start + i) % this.capacity];
      if (e) out.push({ ...e });
    }
    return out;
  }

  /** JSON lines, for a support export. */
  export(): string {
    return this.list()
      .map((e) => JSON.stringify(e))
      .join('\n');
  }

  clear(): void {
    this.entries.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  get length(): number {
    return this.size;
  }
}
