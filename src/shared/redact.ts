/**
 * Keeps tokens out of logs and diagnostics; the app's one redactor, with one marker (the
 * connection's diagnostics log and the main process's logs both use it). Nets: any property whose
 * name looks secret is masked wherever it appears; every secret value the app has handled
 * (registered on sign-in) is masked inside any string, so a token pasted into an error message is
 * caught too; and free text from outside also has `token=...` style assignments masked.
 */
export const REDACTED = '[redacted]';

/** Very short values would mask ordinary words; real tokens are long. */
export const MIN_SECRET_LENGTH = 4;

const SECRET_KEY = /token|secret|password|authorization|cookie/i;
const SECRET_ASSIGNMENT =
  /(token|password|secret|authorization)(["']?\s*[:=]\s*["']?)([^\s"',;&]+)/gi;
const MAX_DEPTH = 8;

/** Masks the given secret values wherever they appear inside a text. */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * For free text from outside (a server's or a socket's message): masks `token=...` style
 * assignments as well as the given secret values. Not used on the app's own messages, where
 * "token: Enter a token" names a form field rather than carrying one.
 */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  const masked = text.replace(
    SECRET_ASSIGNMENT,
    (_match, key: string, separator: string) => `${key}${separator}${REDACTED}`,
  );
  return maskSecrets(masked, secrets);
}

export interface Redactor {
  /** Remember a secret value so it is masked wherever it shows up later. */
  addSecret(value: string): void;
  redact<T>(value: T): T;
  redactText(text: string): string;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();

  const redactSecrets = (text: string): string => maskSecrets(text, secrets);

  const walk = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactSecrets(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > MAX_DEPTH || seen.has(value)) return '[…]';
    seen.add(value);
    if (value instanceof Error) {
      const copy = new Error(redactSecrets(value.message));
      copy.name = value.name;
      if (value.stack) copy.stack = redactSecrets(value.stack);
      return copy;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    // Bytes (Buffer is a Uint8Array) carry no text to mask.
    if (value instanceof Uint8Array) return value;
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
      if (value.length >= MIN_SECRET_LENGTH) secrets.add(value);
    },
    redact: <T>(value: T): T => walk(value, 0, new WeakSet()) as T,
    redactText: redactSecrets,
  };
}
