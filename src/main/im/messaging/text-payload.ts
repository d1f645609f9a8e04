/**
 * Message payloads as the official WuKongIM SDKs write them: JSON `{"type":1,"content":"text"}`
 * for text. Anything else is kept as its type number with empty text (shown as unsupported).
 */
export const TEXT_CONTENT_TYPE = 1;
/** payload that is not JSON or has no numeric type */
export const UNKNOWN_CONTENT_TYPE = 0;

export function encodeText(text: string): Buffer {
  return Buffer.from(JSON.stringify({ type: TEXT_CONTENT_TYPE, content: text }), 'utf8');
}

export function decodePayload(payload: Buffer): { contentType: number; text: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return { contentType: UNKNOWN_CONTENT_TYPE, text: '' };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { contentType: UNKNOWN_CONTENT_TYPE, text: '' };
  }
  const { type, content } = parsed as { type?: unknown; content?: unknown };
  // a type beyond 2^53 is no real type, and would not survive the INTEGER column exactly
  if (typeof type !== 'number' || !Number.isSafeInteger(type)) {
    return { contentType: UNKNOWN_CONTENT_TYPE, text: '' };
  }
  if (type === TEXT_CONTENT_TYPE && typeof content === 'string')
    return { contentType: type, text: content };
  return { contentType: type, text: '' };
}
