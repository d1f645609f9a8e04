/**
 * Keeps tokens out of logs and diagnostics. Two nets: any property whose name looks secret is
 * masked wherever it appears, and every secret value the app has handled (registered on sign-in)
 * is masked inside any string, so a token pasted into an error message is caught too.
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /token|secret|password|authorization|cookie/i;
const MAX_DEPTH = 8;

export interface Redactor {
  /** Remember a secret value so it is masked wherever it shows up later. */
  addSecret(value: string): void;
  redact<T>(value: T): T;
  redactText(text: string): string;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();

  const redactText = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > MAX_DEPTH || seen.has(value)) return '[…]';
    seen.add(value);
    if (value instanceof Error) {
      const copy = new Error(redactText(value.message));
      copy.name = value.name;
      if (value.stack) copy.stack = redactText(value.stack);
      return copy;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        SECRET_KEY.test(key) && item !== null && item !== undefined
          ? REDACTED
          : walk(item, depth + 1, seen);
    }
    return out;
  };

  return {
    addSecret(value) {
      // Very short values would mask ordinary words; real tokens are long.
      if (value.length >= 4) secrets.add(value);
    },
    redact: <T>(value: T): T => walk(value, 0, new WeakSet()) as T,
    redactText,
  };
}
